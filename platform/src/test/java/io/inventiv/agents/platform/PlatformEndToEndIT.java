package io.inventiv.agents.platform;

import static io.inventiv.agents.platform.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts the platform from its jar, as the README says, and drives it over HTTP only: the catalog,
 * a deployment watched on the event stream to INSTALLING, its termination and archive, provider
 * failures ending in PROVISIONING_FAILED with nothing leaked, bad requests, and a SIGKILL in the
 * middle of provisioning followed by a restart that finishes the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private static PlatformProcess platform;
    private static Api api;
    private static String typeId;
    private static String zone1;
    private static String zone2;

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                // what follows a booted machine is the worker's, tested in WorkerEndToEndIT
                "INVENTIV_INSTALL_ENABLED", "false",
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "2s",
                "INVENTIV_LIFECYCLE_MAX_ATTEMPTS", "3",
                "INVENTIV_LIFECYCLE_INITIAL_BACKOFF", "300ms",
                "INVENTIV_LIFECYCLE_MAX_BACKOFF", "1s",
                "INVENTIV_LIFECYCLE_POLL_INTERVAL", "300ms",
                "INVENTIV_LIFECYCLE_BOOT_TIMEOUT", "5s",
                "SPRING_APPLICATION_JSON", "{\"db-scheduler\":{\"polling-interval\":\"200ms\"}}"));
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(PATIENCE).until(() -> api.get("/instance_types").body().size() >= 7);
        for (JsonNode type : api.get("/instance_types").body()) {
            if (type.path("code").asText().equals("L4-1-24G")) {
                typeId = type.path("id").asText();
            }
        }
        for (JsonNode zone : api.get("/zones").body()) {
            if (zone.path("code").asText().equals("local-eu-1")) {
                zone1 = zone.path("id").asText();
            } else if (zone.path("code").asText().equals("local-eu-2")) {
                zone2 = zone.path("id").asText();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void clearFaults() {
        api.delete("/local-cloud/faults");
    }

    @Test
    @Order(1)
    void the_default_catalog_is_loaded_and_listed() {
        assertThat(api.get("/providers").body().findValuesAsText("code")).containsExactly("local");
        assertThat(api.get("/zones").body().findValuesAsText("code")).containsExactly("local-eu-1", "local-eu-2");
        assertThat(api.get("/models").body().findValuesAsText("id")).contains(MODEL, "Qwen/Qwen2.5-0.5B-Instruct");
        assertThat(Api.texts(api.get("/instance_types/" + typeId).body().path("zone_ids"))).containsExactlyInAnyOrder(zone1, zone2);
        assertThat(api.get("/zones/" + zone1 + "/instance_types").body().findValuesAsText("code")).contains("L4-1-24G", "H100-1-80G");
        assertThat(api.get("/instance_types/" + typeId + "/prices").body().get(0).path("hourly_price_eur").decimalValue())
                .isEqualByComparingTo("0.75");
    }

    @Test
    @Order(2)
    void a_deployment_reaches_installing_with_a_server_and_a_volume_and_every_transition_is_streamed() throws Exception {
        BlockingQueue<Api.Event> events = api.stream("?topics=instances,actions");
        assertThat(events.poll(10, TimeUnit.SECONDS)).extracting(Api.Event::name).isEqualTo("ready");

        Api.Response deployed = deploy(zone1);
        assertThat(deployed.status()).isEqualTo(201);
        String id = deployed.body().path("instance_id").asText();
        assertThat(deployed.location()).isEqualTo("/instances/" + id);

        awaitStatus(id, "INSTALLING");
        JsonNode instance = api.get("/instances/" + id).body();
        assertThat(instance.path("progress").asInt()).isEqualTo(60);
        assertThat(instance.path("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(statuses(instance)).containsSubsequence("PROVISIONING", "BOOTING", "INSTALLING");

        JsonNode servers = api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body();
        assertThat(servers.path("total_count").asInt()).isEqualTo(1);
        assertThat(servers.path("servers").get(0).path("id").asText()).isEqualTo(instance.path("server_id").asText());
        assertThat(servers.path("servers").get(0).path("state").asText()).isEqualTo("RUNNING");
        JsonNode volumes = api.get("/local-cloud/volumes?tag=inventiv-instance=" + id).body();
        assertThat(volumes.path("total_count").asInt()).isEqualTo(1);
        assertThat(volumes.path("volumes").get(0).path("size_gb").asInt()).isEqualTo(40);

        List<String> streamed = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            for (Api.Event e; (e = events.poll()) != null; ) {
                if (id.equals(e.data().path("instance_id").asText())) {
                    (e.name().equals("instance") ? streamed : actions).add(e.name().equals("instance")
                            ? e.data().path("status").asText() : e.data().path("action_type").asText());
                }
            }
            return streamed.contains("INSTALLING") && actions.contains("INSTANCE_BOOTED");
        });
        assertThat(streamed).containsSubsequence("PROVISIONING", "BOOTING", "INSTALLING");
        assertThat(actions).containsSubsequence("INSTANCE_PROVISIONING_REQUESTED", "PROVIDER_SERVER_CREATED",
                "DATA_VOLUME_ATTACHED", "INSTANCE_BOOT_STARTED", "INSTANCE_BOOTED");

        JsonNode log = api.get("/action_logs/search?instance_id=" + id).body();
        assertThat(log.path("total").asInt()).isEqualTo(5);
        assertThat(log.path("counts").path("by_action_type").path("INSTANCE_BOOTED").asInt()).isEqualTo(1);

        // read a few at a time, each read starting where the previous one said the next entries start: the same entries, in order
        List<String> all = log.path("items").findValuesAsText("event_id");
        JsonNode read = api.get("/action_logs/search?size=2&instance_id=" + id).body();
        List<String> scrolled = new ArrayList<>(read.path("items").findValuesAsText("event_id"));
        long before = read.path("next_before").asLong();
        while (!read.path("next_before").isNull()) {
            before = read.path("next_before").asLong();
            read = api.get("/action_logs/search?size=2&instance_id=" + id + "&before=" + before).body();
            assertThat(read.has("total")).isFalse();
            scrolled.addAll(read.path("items").findValuesAsText("event_id"));
        }
        assertThat(scrolled).isEqualTo(all);
        assertThat(log.path("items").get(0).has("seq")).as("the cursor is not a field of an entry").isFalse();
        assertProblem(api.get("/action_logs/search?page=1&before=" + before), 400, "invalid-request");
        assertProblem(api.get("/action_logs/search?before=-1"), 400, "invalid-request");
    }

    @Test
    @Order(3)
    void terminating_deletes_everything_at_the_provider_and_a_finished_instance_can_be_archived_once() {
        String id = deploy(zone1).body().path("instance_id").asText();
        awaitStatus(id, "INSTALLING");

        Api.Response terminated = api.delete("/instances/" + id + "?reason=no%20longer%20needed");
        assertThat(terminated.status()).isEqualTo(202);
        awaitStatus(id, "TERMINATED");

        JsonNode instance = api.get("/instances/" + id).body();
        assertThat(statuses(instance)).containsSubsequence("INSTALLING", "DRAINING", "TERMINATING", "TERMINATED");
        assertThat(instance.path("server_id").isNull()).isTrue();
        assertThat(instance.path("volume_ids")).isEmpty();
        assertThat(instance.path("history").findValuesAsText("reason")).contains("no longer needed");
        assertNothingAtProvider(id);

        Api.Response again = api.delete("/instances/" + id);
        assertProblem(again, 409, "instance-state-conflict");
        assertThat(again.body().path("current_state").asText()).isEqualTo("TERMINATED");

        assertThat(api.put("/instances/" + id + "/archive", "").status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> api.get("/instances/" + id).body().path("archived").asBoolean());
        assertProblem(api.put("/instances/" + id + "/archive", ""), 409, "instance-state-conflict");
        assertThat(api.get("/instances").body().path("items").findValuesAsText("id")).doesNotContain(id);
        assertThat(api.get("/instances?archived=true").body().path("items").findValuesAsText("id")).contains(id);
    }

    @Test
    @Order(4)
    void a_provider_that_keeps_refusing_a_step_ends_in_provisioning_failed_with_the_reason_and_nothing_left() {
        addFault(Map.of("operation", "CREATE_VOLUME", "zone", "local-eu-2", "mode", "FAIL", "message", "out_of_stock: no block storage left"));
        String id = deploy(zone2).body().path("instance_id").asText();

        awaitStatus(id, "PROVISIONING_FAILED");
        JsonNode instance = api.get("/instances/" + id).body();
        assertThat(instance.path("failure_reason").asText()).contains("ATTACH_DATA_VOLUME").contains("out_of_stock: no block storage left");
        assertThat(instance.path("history").findValuesAsText("event_type"))
                .containsSubsequence("ProviderServerCreated", "ProvisioningStepFailed", "ProvisioningStepFailed",
                        "ProvisioningStepFailed", "ProviderServerDeleted", "InstanceProvisioningFailed");
        assertNothingAtProvider(id);
        assertThat(api.put("/instances/" + id + "/archive", "").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void a_server_that_never_finishes_booting_is_deleted_after_the_boot_timeout() {
        addFault(Map.of("operation", "POWER_ON", "zone", "local-eu-2", "mode", "HANG"));
        String id = deploy(zone2).body().path("instance_id").asText();

        awaitStatus(id, "PROVISIONING_FAILED");
        assertThat(api.get("/instances/" + id).body().path("failure_reason").asText()).contains("did not run with an address");
        assertNothingAtProvider(id);
    }

    @Test
    @Order(6)
    void a_server_that_vanishes_while_booting_fails_provisioning_and_its_volume_is_deleted() {
        addFault(Map.of("operation", "POWER_ON", "zone", "local-eu-2", "mode", "VANISH"));
        String id = deploy(zone2).body().path("instance_id").asText();

        awaitStatus(id, "PROVISIONING_FAILED");
        assertThat(api.get("/instances/" + id).body().path("failure_reason").asText()).contains("disappeared");
        assertNothingAtProvider(id);
    }

    @Test
    @Order(7)
    void a_transient_provider_failure_is_retried_and_provisioning_goes_on() {
        addFault(Map.of("operation", "CREATE_SERVER", "zone", "local-eu-2", "mode", "FAIL", "times", 1, "message", "transient_state"));
        String id = deploy(zone2).body().path("instance_id").asText();

        awaitStatus(id, "INSTALLING");
        assertThat(api.get("/instances/" + id).body().path("history").findValuesAsText("event_type"))
                .containsSubsequence("ProvisioningStepFailed", "ProviderServerCreated", "InstanceBooted");
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    @Order(7)
    void an_instance_terminated_while_it_is_being_provisioned_ends_with_nothing_left() {
        String id = deploy(zone1).body().path("instance_id").asText();
        assertThat(api.delete("/instances/" + id).status()).isEqualTo(202);

        awaitStatus(id, "TERMINATED");
        assertNothingAtProvider(id);
    }

    @Test
    @Order(7)
    void a_termination_the_provider_refuses_ends_in_failed_and_can_be_asked_again() {
        String id = deploy(zone2).body().path("instance_id").asText();
        awaitStatus(id, "INSTALLING");
        addFault(Map.of("operation", "DELETE_SERVER", "zone", "local-eu-2", "mode", "FAIL", "times", 3, "message", "locked"));

        api.delete("/instances/" + id);
        awaitStatus(id, "FAILED");
        assertThat(api.get("/instances/" + id).body().path("failure_reason").asText()).contains("locked");
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isEqualTo(1);

        assertThat(api.delete("/instances/" + id).status()).isEqualTo(202);
        awaitStatus(id, "TERMINATED");
        assertNothingAtProvider(id);
    }

    @Test
    @Order(8)
    void bad_requests_get_problem_details_and_record_nothing() {
        awaitCaughtUp(List.of("action-log"));
        long before = api.get("/action_logs/search?size=1").body().path("total").asLong();

        assertProblem(api.post("/deployments", "{not json"), 400, "invalid-request");
        Api.Response missing = api.post("/deployments", "{\"model_id\":\"" + MODEL + "\",\"zone_id\":\"" + zone1 + "\"}");
        assertProblem(missing, 400, "invalid-request");
        assertThat(missing.body().path("errors").findValuesAsText("field")).contains("instance_type_id");
        assertProblem(api.post("/deployments", "{\"model_id\":\"" + MODEL + "\",\"instance_type_id\":\"nope\",\"zone_id\":\"" + zone1 + "\"}"),
                400, "invalid-request");
        assertProblem(api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zone1, "extra", 1))),
                400, "invalid-request");
        Api.Response unknownModel = api.post("/deployments", Api.json(Map.of("model_id", "nobody/nothing", "instance_type_id", typeId, "zone_id", zone1)));
        assertProblem(unknownModel, 422, "deployment-refused");
        assertThat(unknownModel.body().path("field").asText()).isEqualTo("model_id");
        Api.Response tooBig = api.post("/deployments",
                Api.json(Map.of("model_id", "meta-llama/Llama-3.3-70B-Instruct", "instance_type_id", typeId, "zone_id", zone1)));
        assertProblem(tooBig, 422, "deployment-refused");
        assertThat(tooBig.body().path("detail").asText()).contains("needs 150 GB").contains("has 24 GB");
        assertProblem(api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", UUID.randomUUID()))),
                422, "deployment-refused");
        assertProblem(api.post("/deployments", "{\"model_id\":\"" + "x".repeat(2_000_000) + "\"}"), 413, "payload-too-large");

        assertProblem(api.get("/instances/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.get("/instances/not-an-id"), 400, "invalid-parameter");
        assertProblem(api.delete("/instances/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.put("/instances/" + UUID.randomUUID() + "/archive", ""), 404, "not-found");
        assertProblem(api.get("/instances?status=SLEEPING"), 400, "invalid-parameter");
        assertProblem(api.get("/instances?size=100000"), 400, "invalid-request");
        assertProblem(api.get("/zones/" + UUID.randomUUID() + "/instance_types"), 404, "not-found");
        assertProblem(api.get("/events/stream?topics=gossip"), 400, "invalid-request");
        assertProblem(api.post("/providers", "{\"code\":\"nul\",\"name\":\"a\\u0000b\"}"), 400, "invalid-request");
        assertProblem(api.delete("/instances/" + UUID.randomUUID() + "?reason=a%00b"), 400, "invalid-parameter");
        String zoneAsInstance = api.get("/zones").body().get(0).path("id").asText();
        assertProblem(api.delete("/instances/" + zoneAsInstance), 404, "not-found");
        assertProblem(api.put("/zones/" + typeId, "{\"name\":\"x\",\"active\":true}"), 404, "not-found");
        assertThat(api.get("/instances?status=INSTALLING,").status()).isEqualTo(200);

        assertThat(api.get("/action_logs/search?size=1").body().path("total").asLong()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void a_running_instance_cannot_be_archived_and_a_repeated_deployment_with_the_same_key_is_the_same_instance() {
        String key = "deploy-" + UUID.randomUUID();
        String body = Api.json(Map.of("model_id", "Qwen/Qwen2.5-0.5B-Instruct", "instance_type_id", typeId, "zone_id", zone1));
        Api.Response first = api.post("/deployments", body, "Idempotency-Key", key);
        Api.Response second = api.post("/deployments", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        String id = first.body().path("instance_id").asText();
        assertThat(second.body().path("instance_id").asText()).isEqualTo(id);
        Api.Response otherBody = api.post("/deployments",
                Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zone1)), "Idempotency-Key", key);
        assertProblem(otherBody, 422, "idempotency-key-reused");

        Api.Response archive = api.put("/instances/" + id + "/archive", "");
        assertProblem(archive, 409, "instance-state-conflict");
        awaitStatus(id, "INSTALLING");
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    @Order(10)
    void projections_rebuilt_from_the_event_log_equal_the_live_ones() {
        List<String> projections = List.of("instances", "action-log", "catalog", "finops");
        awaitCaughtUp(projections);
        String asOf = java.time.Instant.now().toString();
        List<JsonNode> before = readModels(asOf);
        assertThat(api.get("/admin/replay/finops").body().path("progress").asDouble()).isEqualTo(1.0);

        for (String processor : projections) {
            assertThat(api.post("/admin/replay/" + processor, "").status()).isEqualTo(202);
        }
        awaitCaughtUp(projections);

        assertThat(readModels(asOf)).isEqualTo(before);
        assertThat(before.get(before.size() - 1).path("total_eur").asText()).as("machines have cost something").isNotEqualTo("0");
        assertProblem(api.post("/admin/replay/instance-lifecycle", ""), 409, "not-replayable");
        assertProblem(api.post("/admin/replay/nothing", ""), 404, "not-found");
        assertProblem(api.get("/admin/replay/nothing"), 404, "not-found");

        // the fleet as it stood at a time: each instance in the status its history had reached then
        JsonNode someInstance = api.get("/instances?size=1&archived=false").body().path("items").path(0);
        JsonNode history = api.get("/instances/" + someInstance.path("id").asText()).body().path("history");
        assertThat(history.size()).isGreaterThan(1);
        int k = history.size() / 2; // a change that the next one did not follow within the same instant
        while (k + 1 < history.size() && !java.time.Instant.parse(history.get(k + 1).path("at").asText())
                .isAfter(java.time.Instant.parse(history.get(k).path("at").asText()))) {
            k++;
        }
        JsonNode earlier = history.get(k);
        JsonNode fleetThen = api.get("/instances?size=500&as_of=" + earlier.path("at").asText()).body();
        assertThat(Api.find(fleetThen.path("items"), "id", someInstance.path("id").asText()).path("status").asText())
                .isEqualTo(earlier.path("status").asText());
        assertThat(api.get("/instances?as_of=2000-01-01T00:00:00Z").body().path("total").asInt()).isZero();
        assertProblem(api.get("/instances?as_of=yesterday"), 400, "invalid-parameter");

        // the hash chain over the log holds every event it chained, and is never rebuilt from the log
        JsonNode audit = await().atMost(PATIENCE).until(() -> api.get("/admin/audit/verify").body(),
                report -> report.path("not_yet_chained").asLong() == 0);
        assertThat(audit.path("intact").asBoolean()).as("%s", audit).isTrue();
        assertThat(audit.path("verified_events").asLong()).isPositive();
        assertProblem(api.post("/admin/replay/audit-chain", ""), 409, "not-replayable");
    }

    /** Every segment claimed, at the head of the log, and no replay under way. */
    private static void awaitCaughtUp(List<String> processors) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            int ready = 0;
            for (JsonNode p : api.get("/admin/processors").body()) {
                List<String> caughtUp = p.path("segments").findValuesAsText("caught_up");
                if (processors.contains(p.path("name").asText()) && !p.path("replaying").asBoolean()
                        && !caughtUp.isEmpty() && caughtUp.stream().allMatch("true"::equals)) {
                    ready++;
                }
            }
            return ready == processors.size();
        });
    }

    /** What the read models answer, the FinOps books as they stood at {@code asOf}. */
    private static List<JsonNode> readModels(String asOf) {
        List<JsonNode> models = new ArrayList<>();
        for (String archived : List.of("false", "true")) {
            JsonNode page = api.get("/instances?size=500&archived=" + archived).body();
            models.add(page);
            for (JsonNode instance : page.path("items")) {
                models.add(api.get("/instances/" + instance.path("id").asText()).body());
            }
        }
        models.add(api.get("/action_logs/search?size=500").body());
        models.add(api.get("/instance_types").body());
        models.add(api.get("/models").body());
        models.add(api.get("/finops/dashboard/costs/summary?from=2000-01-01T00:00:00Z&to=" + asOf + "&as_of=" + asOf).body());
        return models;
    }

    @Test
    @Order(11)
    void a_platform_killed_in_the_middle_of_provisioning_finishes_it_after_a_restart() throws Exception {
        String id = deploy(zone1).body().path("instance_id").asText();
        awaitStatus(id, "BOOTING");
        platform.kill();

        platform.start();
        // the session lives in PostgreSQL: the same cookie still works after the crash
        awaitStatus(id, "INSTALLING");
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isEqualTo(1);
        assertThat(api.get("/local-cloud/volumes?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isEqualTo(1);
        assertThat(statuses(api.get("/instances/" + id).body())).containsSubsequence("PROVISIONING", "BOOTING", "INSTALLING");
        assertThat(api.get("/providers").body().size()).isEqualTo(1);
    }

    private static Api.Response deploy(String zoneId) {
        return api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)));
    }

    private static void addFault(Map<String, Object> fault) {
        assertThat(api.post("/local-cloud/faults", Api.json(fault)).status()).isEqualTo(201);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get("/instances/" + id).body().path("status").asText())
                        .as(() -> "status of " + id + "\n" + platform.logTail()).isEqualTo(status));
    }

    private static List<String> statuses(JsonNode instance) {
        return instance.path("history").findValuesAsText("status");
    }

    private static void assertNothingAtProvider(String id) {
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isZero();
        assertThat(api.get("/local-cloud/volumes?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isZero();
    }
}
