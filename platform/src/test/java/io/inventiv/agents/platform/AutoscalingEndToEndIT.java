package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A model service's whole life under its scaling policy, driven as a client would with the official OpenAI client: a request at
 * zero is held and served once an instance is up (its preferred zone out of capacity, the next one used), load adds instances up
 * to the maximum, less load drains them down one by one with no request failing, idleness takes it to zero, and retiring it
 * leaves nothing at the provider. Every decision is in the action log with the figures it was made on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalingEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String SERVICE = "acme/support-bot";
    private static final int MAX = 3;

    private static PlatformProcess platform;
    private static Api api;
    private static String serviceId;
    private static OpenAIClient openai;
    private static final Load load = new Load();

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "INVENTIV_WORKER_UNREACHABLE_AFTER", "6s",
                "INVENTIV_WORKER_CHECK_INTERVAL", "1s",
                "INVENTIV_INSTALL_RECOVERY_DELAY", "10m",
                "SPRING_APPLICATION_JSON", """
                        {"db-scheduler": {"polling-interval": "200ms"},
                         "inventiv": {
                           "router": {"event-loops": 2, "hold-timeout": "150s"},
                           "lifecycle": {"max-attempts": 2, "initial-backoff": "200ms", "drain-settle": "1500ms"},
                           "autoscaling": {"evaluate-every": "1s", "signal-window": "4s"},
                           "install": {"max-num-seqs": 2,
                                       "simulated": {"load-time": "1s", "time-to-first-token": "20ms", "tokens-per-second": "25"}}}}"""));
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(PATIENCE).until(() -> api.get("/instance_types").body().size() >= 7);
        String type = Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        String preferred = Api.find(api.get("/zones").body(), "code", "local-eu-2").path("id").asText();
        String fallback = Api.find(api.get("/zones").body(), "code", "local-eu-1").path("id").asText();
        Api.Response service = api.post("/model_services", Api.json(Map.of("name", SERVICE, "model_id", MODEL,
                "prompt_price_per_1k_eur", "0.0005", "completion_price_per_1k_eur", "0.0015")));
        assertThat(service.status()).as("%s", service.body()).isEqualTo(201);
        serviceId = service.body().path("id").asText();
        // the preferred zone has no capacity left: every server asked of it is refused
        Api.Response fault = api.post("/local-cloud/faults", Api.json(Map.of("operation", "CREATE_SERVER", "zone", "local-eu-2", "mode", "FAIL",
                "message", "out of stock: no L4-1-24G left in local-eu-2", "error_type", "out_of_stock")));
        assertThat(fault.status()).as("%s", fault.body()).isEqualTo(201);
        Api.Response policy = api.put("/model_services/" + serviceId + "/scaling", Api.json(Map.of(
                "placements", List.of(Map.of("instance_type_id", type, "zone_id", preferred), Map.of("instance_type_id", type, "zone_id", fallback)),
                "min_instances", 0, "max_instances", MAX, "queued_per_instance", 1,
                "scale_up_cooldown_seconds", 5, "scale_down_cooldown_seconds", 8, "scale_to_zero_after_seconds", 15)));
        assertThat(policy.status()).as("%s", policy.body()).isEqualTo(200);
        String key = api.post("/api_keys", Api.json(Map.of("name", "load"))).body().path("key").asText();
        openai = OpenAIOkHttpClient.builder().baseUrl(platform.baseUrl() + "/v1").apiKey(key).maxRetries(0).timeout(Duration.ofSeconds(170))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        load.stop();
        if (openai != null) {
            openai.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(0)
    void a_bad_scaling_policy_is_refused_with_the_field_and_changes_nothing() {
        String type = Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        String zone = Api.find(api.get("/zones").body(), "code", "local-eu-1").path("id").asText();
        String scaling = "/model_services/" + serviceId + "/scaling";
        JsonNode before = api.get("/model_services/" + serviceId).body().path("scaling");

        Api.assertProblem(api.put(scaling, "{}"), 400, "invalid-request");
        Api.assertProblem(api.put(scaling, "not json"), 400, "invalid-request");
        Api.assertProblem(api.put(scaling, Api.json(Map.of("placements", List.of(Map.of("instance_type_id", type, "zone_id", zone)),
                "min_instances", 3, "max_instances", 2, "queued_per_instance", 1))), 400, "invalid-request");
        Api.Response noTarget = api.put(scaling, Api.json(Map.of("placements", List.of(Map.of("instance_type_id", type, "zone_id", zone)),
                "min_instances", 0, "max_instances", 2)));
        Api.assertProblem(noTarget, 400, "invalid-request");
        assertThat(noTarget.body().path("detail").asText()).contains("queued_per_instance");
        Api.Response unknownZone = api.put(scaling, Api.json(Map.of("placements", List.of(Map.of("instance_type_id", type,
                "zone_id", java.util.UUID.randomUUID().toString())), "min_instances", 0, "max_instances", 2, "queued_per_instance", 1)));
        assertThat(unknownZone.status()).as("%s", unknownZone.body()).isEqualTo(422);
        Api.Response tooSoon = api.put(scaling, Api.json(Map.of("placements", List.of(Map.of("instance_type_id", type, "zone_id", zone)),
                "min_instances", 0, "max_instances", 2, "queued_per_instance", 1, "scale_to_zero_after_seconds", 5)));
        Api.assertProblem(tooSoon, 400, "invalid-request");
        assertThat(tooSoon.body().path("detail").asText()).contains("scale_to_zero_after_seconds");
        assertThat(api.put("/model_services/" + java.util.UUID.randomUUID() + "/scaling", Api.json(Map.of("placements",
                List.of(Map.of("instance_type_id", type, "zone_id", zone)), "min_instances", 0, "max_instances", 2, "queued_per_instance", 1)))
                .status()).isEqualTo(404);

        assertThat(api.get("/model_services/" + serviceId).body().path("scaling")).isEqualTo(before);
        assertThat(actions("SCALING_POLICY_SET")).hasSize(1);
    }

    @Test
    @Order(1)
    void a_request_at_zero_is_held_and_served_once_an_instance_is_ready_in_the_next_zone() {
        assertThat(servers()).isZero();
        assertThat(openai.models().list().data()).extracting(m -> m.id()).contains(SERVICE);

        ChatCompletion answer = openai.chat().completions().create(chat(4));

        assertThat(answer.model()).isEqualTo(SERVICE);
        assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(4);
        assertThat(ready()).isEqualTo(1);
        JsonNode woken = only("SCALE_FROM_ZERO_REQUESTED");
        assertThat(woken.path("metadata").path("held_requests").asInt()).isPositive();
        JsonNode passedOver = only("PLACEMENT_FAILED");
        assertThat(passedOver.path("reason").asText()).contains("out of stock");
        List<JsonNode> ups = actions("SCALE_UP_DECIDED");
        assertThat(ups).hasSize(2);
        assertThat(ups.get(1).path("reason").asText()).contains("with no instance (scaled to zero)");
        assertThat(ups.get(1).path("metadata").path("signals").path("held_requests").asInt()).isPositive();
        assertThat(ups.get(0).path("reason").asText()).contains("replacing 1 lost instance").contains("on placement 2, L4-1-24G in local-eu-1")
                .contains("L4-1-24G in local-eu-2: provisioning failed").contains("no capacity at the provider (out of stock");
    }

    @Test
    @Order(2)
    void load_adds_instances_up_to_the_maximum_and_no_request_fails() {
        load.start(6);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(ready()).as(platform::logTail).isEqualTo(MAX));
        load.awaitMore(12);

        assertThat(load.failures).as("requests failed while scaling up").isEmpty();
        JsonNode up = actions("SCALE_UP_DECIDED").get(0);
        assertThat(up.path("reason").asText()).contains("requests waiting per instance").contains("above the target of 1");
        assertThat(up.path("metadata").path("signals").path("waiting_per_instance").asDouble()).isGreaterThan(1);
        assertThat(up.path("metadata").path("to").asInt()).isEqualTo(MAX);
        assertThat(ready()).isEqualTo(MAX);
        JsonNode service = api.get("/model_services/" + serviceId).body();
        assertThat(service.path("desired_instances").asInt()).isEqualTo(MAX);
        assertThat(service.path("last_scaling").path("decision").asText()).isEqualTo("scale_up");
    }

    @Test
    @Order(3)
    void less_load_drains_instances_down_one_by_one_to_one_and_no_request_fails() {
        load.resize(1);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(live()).as(platform::logTail).isEqualTo(1));
        load.awaitMore(3);

        assertThat(load.failures).as("requests failed while scaling down").isEmpty();
        List<JsonNode> downs = actions("SCALE_DOWN_DECIDED");
        assertThat(downs).hasSize(MAX - 1).allSatisfy(down -> {
            assertThat(down.path("metadata").path("instances")).hasSize(1);
            assertThat(down.path("reason").asText()).contains("peak load over the last 8 s");
            assertThat(down.path("metadata").path("signals").has("peak_waiting_per_instance")).isTrue();
        });
        assertThat(actions("INSTANCE_DRAINED")).hasSizeGreaterThanOrEqualTo(MAX - 1);
    }

    @Test
    @Order(4)
    void without_requests_the_service_goes_to_zero_and_nothing_stays_at_the_provider() throws Exception {
        load.stop();
        assertThat(load.failures).isEmpty();
        assertThat(load.succeeded.get()).isPositive();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(live()).as(platform::logTail).isZero());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(servers()).isZero());

        JsonNode toZero = actions("SCALE_DOWN_DECIDED").get(0);
        assertThat(toZero.path("reason").asText()).contains("no request for").contains("scale to zero after 15 s");
        assertThat(toZero.path("metadata").path("to").asInt()).isZero();
        assertThat(toZero.path("metadata").path("signals").path("idle_seconds").asLong()).isGreaterThanOrEqualTo(15);
    }

    @Test
    @Order(5)
    void retiring_the_service_terminates_its_instances_and_stops_its_routing() {
        assertThat(openai.chat().completions().create(chat(2)).usage().orElseThrow().completionTokens()).isEqualTo(2);
        assertThat(ready()).isEqualTo(1);

        assertThat(api.delete("/model_services/" + serviceId).status()).isEqualTo(200);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(live()).as(platform::logTail).isZero());
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(servers()).isZero();
            assertThat(api.get("/local-cloud/volumes").body().path("total_count").asInt()).isZero();
        });
        assertThat(actions("INSTANCE_TERMINATION_REQUESTED").get(0).path("reason").asText()).isEqualTo("model service retired");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> openai.chat().completions().create(chat(2)))
                .isInstanceOf(NotFoundException.class);
    }

    // --- the client's view -----------------------------------------------------------------------

    private static ChatCompletionCreateParams chat(int tokens) {
        return ChatCompletionCreateParams.builder().model(SERVICE).addUserMessage("Tell me about autoscaling").maxCompletionTokens(tokens).build();
    }

    private static int ready() {
        return api.get("/instances?status=READY").body().path("total").asInt();
    }

    /** Instances not finished: starting, serving, draining or being deleted. */
    private static int live() {
        return api.get("/instances?status=PROVISIONING&status=BOOTING&status=INSTALLING&status=STARTING&status=READY&status=UNREACHABLE"
                + "&status=DRAINING&status=TERMINATING&status=FAILED&status=STARTUP_FAILED").body().path("total").asInt();
    }

    private static int servers() {
        return api.get("/local-cloud/servers").body().path("total_count").asInt();
    }

    /** The action log's entries of one type, newest first. */
    private static List<JsonNode> actions(String type) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/action_logs?limit=500&action_type=" + type).body().forEach(out::add);
        return out;
    }

    private static JsonNode only(String type) {
        List<JsonNode> entries = actions(type);
        assertThat(entries).as(type).hasSize(1);
        return entries.get(0);
    }

    /** Clients that each send one request after the other; every failure is kept with its message. */
    private static final class Load {
        private final AtomicInteger succeeded = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<AtomicBoolean> running = new ArrayList<>();
        private ExecutorService pool;

        synchronized void start(int clients) {
            pool = Executors.newCachedThreadPool();
            resize(clients);
        }

        synchronized void resize(int clients) {
            while (running.size() > clients) {
                running.remove(running.size() - 1).set(false);
            }
            while (running.size() < clients) {
                AtomicBoolean on = new AtomicBoolean(true);
                running.add(on);
                pool.submit(() -> {
                    while (on.get()) {
                        try {
                            openai.chat().completions().create(chat(30));
                            succeeded.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                });
            }
        }

        void awaitMore(int requests) {
            int target = succeeded.get() + requests;
            await().atMost(PATIENCE).until(() -> succeeded.get() >= target || !failures.isEmpty());
        }

        synchronized void stop() throws InterruptedException {
            resize(0);
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(2, TimeUnit.MINUTES);
            }
        }
    }
}
