package io.inventiv.agents.router;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.scaling.WakeModelService;
import io.inventiv.agents.support.security.EngineKeys;
import io.inventiv.agents.support.security.SecretTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Scale from zero as a client of the data plane sees it, over real HTTP: a request for an autoscaled service with no READY instance
 * waits while the service is woken (through a real Axon command bus) and is answered by the engine that becomes READY; the wait is
 * bounded in time and in number, and a service that is not autoscaled is still refused at once.
 */
class ScaleFromZeroTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelId QWEN = ModelId.of("qwen/Qwen2.5-7B-Instruct");
    private static final String SECRET = "sk-acme-0123456789abcdef";
    private static final Duration LONG_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Speaks the engine's side of {@code /v1/chat/completions} and keeps what it was sent. */
    private static final class FakeEngine implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();

        FakeEngine() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/chat/completions", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                received.add(request);
                byte[] answer = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", request.path("model").asText(),
                        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "Hello!"), "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", 9, "completion_tokens", 2, "total_tokens", 11)));
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(answer);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @TempDir
    Path usageJournals;

    private final RoutingTable table = new RoutingTable();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WakeModelService> wakes = new CopyOnWriteArrayList<>();
    private volatile boolean wakesRefused;
    private final RoutingTable.Service bot = service("acme/bot", LLAMA, true);
    private final RoutingTable.Service plain = service("acme/plain", QWEN, false);
    private FakeEngine engine;
    private DataPlane plane;

    private RoutingTable.Service service(String name, ModelId model, boolean autoscaled) {
        RoutingTable.Service service = new RoutingTable.Service(ModelServiceId.random(), ACME, name, model, Visibility.PRIVATE, false, T0,
                TokenPrice.FREE).autoscaled(autoscaled);
        table.service(service);
        return service;
    }

    @BeforeEach
    void aKeyAndAnEngine() throws IOException {
        table.keyCreated(new RoutingTable.Key(ApiKeyId.random(), ACME, ApiKeyLimits.NONE, null, false, 0), SecretTokens.sha256Hex(SECRET));
        engine = new FakeEngine();
    }

    @AfterEach
    void stop() {
        if (plane != null && plane.isRunning()) {
            plane.stop();
        }
        engine.close();
    }

    /** A data plane on a free port whose commands go to a bus that records the wakes (and refuses them when told to). */
    private DataPlane started(int holdMaxRequests, Duration holdTimeout) {
        RouterSettings settings = new RouterSettings(0, "127.0.0.1", 2, null, null, null, null, 0, 0, 0, 0, null, null, Duration.ofSeconds(5),
                holdMaxRequests, holdTimeout, null);
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.subscribe(WakeModelService.class.getName(), command -> {
            wakes.add((WakeModelService) command.getPayload());
            if (wakesRefused) {
                throw new IllegalStateException("model service has no scaling policy");
            }
            return null;
        });
        Budgets budgets = new Budgets(Clock.systemUTC());
        plane = new DataPlane(settings, 0, table, new ApiKeyAuthentication(table, new WorkbenchPasses(Clock.systemUTC()), Clock.systemUTC()),
                new RateLimits(), budgets, new UsageMeter(usageJournals, new UsageMeterTest.MemoryPublisher(), budgets, Duration.ofSeconds(1)),
                JSON, new StaticListableBeanFactory(Map.of("engineKeys", new EngineKeys(new byte[32]))).getBeanProvider(EngineKeys.class),
                DefaultCommandGateway.builder().commandBus(commandBus).build());
        plane.start();
        return plane;
    }

    private CompletableFuture<HttpResponse<String>> chat(String model) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":2}";
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port() + path)).header("Authorization", "Bearer " + SECRET)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHeld(int requests) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(plane.waitingRoom().held(bot.id())).isEqualTo(requests));
    }

    private void instanceReady(ModelId model) {
        InstanceId id = InstanceId.random();
        table.instanceRequested(id, ACME, model, 8192);
        table.instanceReady(id, engine.url());
    }

    private static JsonNode error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("error");
    }

    @Test
    void a_request_at_zero_is_held_wakes_the_service_and_is_answered_by_the_instance_that_becomes_ready() throws Exception {
        started(100, LONG_WAIT);
        assertThat(JSON.readTree(get("/v1/models").body()).findValuesAsText("id")).containsExactly("acme/bot");
        assertThat(get("/v1/models/acme%2Fbot").statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> answer = chat("acme/bot");
        awaitHeld(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !wakes.isEmpty());
        assertThat(wakes).containsExactly(new WakeModelService(bot.id(), 1, Actor.system("router")));
        assertThat(answer).isNotDone();

        instanceReady(LLAMA);

        HttpResponse<String> response = answer.get(5, SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo("acme/bot");
        assertThat(engine.received).singleElement().satisfies(sent -> assertThat(sent.path("model").asText()).isEqualTo(LLAMA.value()));
        assertThat(plane.waitingRoom().held(bot.id())).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> plane.inFlight().sum() == 0);
    }

    @Test
    void a_request_held_past_the_hold_timeout_is_answered_503_with_retry_after_in_the_openai_envelope() throws Exception {
        wakesRefused = true;
        started(100, Duration.ofMillis(300));
        long sent = System.nanoTime();

        HttpResponse<String> response = chat("acme/bot").get(5, SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("30");
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_ready");
        assertThat(error(response).path("type").asText()).isEqualTo("service_unavailable_error");
        assertThat(error(response).path("message").asText()).contains("`acme/bot` is starting (it was scaled to zero)").contains("retry");
        assertThat(wakes).as("the service's refusal changes nothing for the request").isNotEmpty();
        assertThat(plane.waitingRoom().held(bot.id())).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> plane.inFlight().sum() == 0);
    }

    @Test
    void when_the_room_is_full_a_request_is_answered_503_at_once_and_those_held_are_still_served() throws Exception {
        started(1, LONG_WAIT);
        CompletableFuture<HttpResponse<String>> held = chat("acme/bot");
        awaitHeld(1);

        HttpResponse<String> refused = chat("acme/bot").get(2, SECONDS);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("10");
        assertThat(error(refused).path("code").asText()).isEqualTo("model_not_ready");
        assertThat(error(refused).path("message").asText()).contains("is starting (it was scaled to zero)");
        instanceReady(LLAMA);
        assertThat(held.get(5, SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void a_held_request_counts_against_its_key_so_a_key_at_its_limit_is_refused_and_wakes_nothing() throws Exception {
        String limited = "sk-acme-limited-0000000000";
        table.keyCreated(new RoutingTable.Key(ApiKeyId.random(), ACME, new ApiKeyLimits(Set.of(), 1, null, null), null, false, 0),
                SecretTokens.sha256Hex(limited));
        started(100, Duration.ofMillis(300));
        String body = "{\"model\":\"acme/bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":2}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + limited).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<String> first = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(5, SECONDS);
        assertThat(first.statusCode()).as("held, then timed out").isEqualTo(503);
        assertThat(wakes).hasSize(1);
        HttpResponse<String> second = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(second.statusCode()).as("one request a minute: the first took it").isEqualTo(429);
        assertThat(error(second).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(wakes).as("a refused caller wakes nothing").hasSize(1);
        assertThat(plane.waitingRoom().held(bot.id())).isZero();
    }

    @Test
    void a_service_without_a_scaling_policy_and_no_ready_instance_is_refused_at_once_and_not_woken() throws Exception {
        started(100, LONG_WAIT);

        HttpResponse<String> response = chat("acme/plain").get(2, SECONDS);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("5");
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_ready");
        assertThat(get("/v1/models/acme%2Fplain").statusCode()).isEqualTo(404);
        assertThat(wakes).isEmpty();
    }

    @Test
    void a_held_request_whose_client_goes_away_leaves_the_room_and_never_reaches_an_engine() throws Exception {
        started(100, LONG_WAIT);
        String body = "{\"model\":\"acme/bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        try (Socket client = new Socket("127.0.0.1", plane.port())) {
            client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SECRET
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            awaitHeld(1);
        }

        awaitHeld(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> plane.inFlight().sum() == 0);
        instanceReady(LLAMA);
        Thread.sleep(200);
        assertThat(engine.received).isEmpty();
    }

    @Test
    void retiring_the_service_answers_its_held_requests_404_and_shutting_down_answers_them_503() throws Exception {
        started(100, LONG_WAIT);
        CompletableFuture<HttpResponse<String>> forBot = chat("acme/bot");
        awaitHeld(1);
        table.serviceChanged(bot.id(), RoutingTable.Service::retire);
        HttpResponse<String> retired = forBot.get(5, SECONDS);
        assertThat(retired.statusCode()).isEqualTo(404);
        assertThat(error(retired).path("code").asText()).isEqualTo("model_not_found");

        table.service(bot);
        CompletableFuture<HttpResponse<String>> atShutdown = chat("acme/bot");
        awaitHeld(1);
        plane.stop();
        HttpResponse<String> turnedAway = atShutdown.get(5, SECONDS);
        assertThat(turnedAway.statusCode()).isEqualTo(503);
        assertThat(error(turnedAway).path("code").asText()).isEqualTo("shutting_down");
    }
}
