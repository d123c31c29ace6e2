package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent as an OS process, as the bootstrap script starts it, against a fake platform and with the
 * real simulated engine as its child process. One agent and one engine serve the tests in order (a
 * JVM start is the expensive part); the last tests kill the agent, adopt its engine with a second one
 * and stop that one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentLifecycleTest {

    private static final String BOOTSTRAP_TOKEN = "bootstrap-token-1";
    private static final String ENGINE_KEY = "ek_engine-secret-for-tests";
    private static final List<String> READINESS_CHECKS = List.of("engine_http_up", "model_loaded", "warmed_up");

    private FakeControlPlane platform;
    private Path home;
    private Path config;
    private Path state;
    private AgentProcess agent;
    private final List<AgentProcess> started = new ArrayList<>();
    /** Every engine seen, so that none outlives the tests, whatever assertion fails. */
    private final Set<Long> engines = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startAgent() throws IOException {
        platform = new FakeControlPlane(1);
        platform.issueBootstrapToken(BOOTSTRAP_TOKEN);
        home = Files.createTempDirectory("inventiv-agent-test");
        state = home.resolve("agent");
        config = home.resolve("agent.properties");
        Files.writeString(config, """
                control-plane-url=%s
                instance-id=7d3c4a10-0000-4000-8000-000000000001
                bind-address=127.0.0.1
                agent-port=0
                engine-port=0
                model=org/sim-7b
                served-model-name=sim-7b
                max-num-seqs=4
                simulated.load-time=300ms
                simulated.time-to-first-token=20ms
                simulated.tokens-per-second=1000
                engine-api-key-file=engine-api-key
                """.formatted(platform.url()));
        Files.writeString(home.resolve("bootstrap-token"), BOOTSTRAP_TOKEN);
        Files.writeString(home.resolve("engine-api-key"), ENGINE_KEY + "\n");
        agent = start();
    }

    /** The agent got ready through the key; a caller without it is refused; the key is on no command line. */
    private void assertEngineAsksForItsKey() {
        long port = readNumber("engine.port").orElseThrow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/models"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            var keyed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/models"))
                    .header("Authorization", "Bearer " + ENGINE_KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(keyed.statusCode()).isEqualTo(200);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long engine = readNumber("engine.pid").orElseThrow();
        assertThat(ProcessHandle.of(engine).flatMap(p -> p.info().commandLine()).orElse("")).doesNotContain(ENGINE_KEY);
    }

    @AfterAll
    void stopEverything() throws IOException {
        readNumber("engine.pid");
        for (AgentProcess process : started) {
            process.process().descendants().forEach(ProcessHandle::destroyForcibly);
            process.process().destroyForcibly();
        }
        engines.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        platform.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void the_agent_enrols_with_the_bootstrap_token_saves_its_worker_token_and_deletes_the_bootstrap_file()
            throws IOException {
        JsonNode registration = waitAtMost(30).until(() -> platform.calls("register"), calls -> !calls.isEmpty())
                .getFirst().body();
        int agentPort = waitAtMost(10).until(agent::port, Optional::isPresent).orElseThrow();

        assertThat(fieldNames(registration)).containsExactly("instance_id", "bootstrap_token", "agent_port",
                "engine_port", "engine", "model", "served_model_name", "agent_version");
        assertThat(registration.path("instance_id").asText()).isEqualTo("7d3c4a10-0000-4000-8000-000000000001");
        assertThat(registration.path("bootstrap_token").asText()).isEqualTo(BOOTSTRAP_TOKEN);
        assertThat(registration.path("agent_port").asInt()).isEqualTo(agentPort);
        assertThat(registration.path("engine_port").asLong()).isEqualTo(readNumber("engine.port").orElseThrow());
        assertThat(registration.path("engine").asText()).isEqualTo("simulated");
        assertThat(registration.path("model").asText()).isEqualTo("org/sim-7b");
        assertThat(registration.path("served_model_name").asText()).isEqualTo("sim-7b");
        assertThat(registration.path("agent_version").asText()).isNotBlank();

        waitAtMost(10).until(() -> Files.exists(state.resolve("worker-token")));
        assertThat(Files.readString(state.resolve("worker-token"))).isEqualTo("worker-token-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("worker-token"))))
                .isEqualTo("rw-------");
        waitAtMost(10).until(() -> !Files.exists(home.resolve("bootstrap-token")));
        waitAtMost(10).until(() -> platform.calls("heartbeat").stream()
                .anyMatch(call -> "Bearer worker-token-1".equals(call.authorization())));
        assertThat(Files.readString(state.resolve("agent.log"))).doesNotContain(BOOTSTRAP_TOKEN, "worker-token-1");
    }

    @Test
    @Order(2)
    void readiness_reaches_all_three_checks_and_heartbeats_report_it_with_the_engines_metrics() {
        JsonNode early = waitAtMost(10).until(() -> lastHeartbeat(0), heartbeat -> heartbeat != null);
        assertThat(early.path("readiness")).as("the engine is still loading").isEqualTo(json(
                "{\"engine_http_up\":false,\"model_loaded\":false,\"warmed_up\":false}"));
        assertThat(early.path("engine").path("running").asBoolean()).isTrue();

        waitAtMost(30).until(() -> agent.get("/readyz").statusCode() == 200);
        assertThat(json(agent.get("/readyz"))).isEqualTo(json(
                "{\"ready\":true,\"engine_http_up\":true,\"model_loaded\":true,\"warmed_up\":true}"));

        assertEngineAsksForItsKey();

        JsonNode heartbeat = waitAtMost(10).until(() -> lastHeartbeat(0), h -> h != null && ready(h));
        assertThat(fieldNames(heartbeat))
                .containsExactly("agent_port", "engine_port", "readiness", "engine", "metrics");
        assertThat(heartbeat.path("agent_port").asInt()).isEqualTo(agent.port().orElseThrow());
        assertThat(heartbeat.path("engine_port").asLong()).isEqualTo(readNumber("engine.port").orElseThrow());
        assertThat(heartbeat.path("engine")).isEqualTo(json("{\"kind\":\"simulated\",\"running\":true,\"pid\":"
                + readNumber("engine.pid").orElseThrow() + ",\"restarts\":0}"));
        JsonNode metrics = heartbeat.path("metrics");
        assertThat(fieldNames(metrics)).containsExactly("gpu_utilization", "requests_running", "requests_waiting",
                "kv_cache_usage", "time_to_first_token_seconds", "prompt_tokens_total", "generation_tokens_total");
        assertThat(metrics.path("gpu_utilization").asDouble()).isZero();
        assertThat(metrics.path("requests_running").asInt()).isZero();
        assertThat(metrics.path("requests_waiting").asInt()).isZero();
        assertThat(metrics.path("kv_cache_usage").asDouble()).isZero();
        assertThat(metrics.path("prompt_tokens_total").asLong()).as("the warm-up's prompt").isPositive();
        assertThat(metrics.path("generation_tokens_total").asLong()).as("the warm-up's token").isEqualTo(1);
        assertThat(heartbeats(0)).as("the warm-up's first token is timed once")
                .anyMatch(h -> h.path("metrics").path("time_to_first_token_seconds").asDouble() >= 0.02);
        waitAtMost(10).until(() -> lastHeartbeat(0).path("metrics").path("time_to_first_token_seconds").isNull());
    }

    @Test
    @Order(3)
    void the_agent_answers_its_health_info_metrics_and_logs_and_refuses_what_it_does_not_serve() {
        assertThat(agent.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(json(agent.get("/healthz"))).isEqualTo(json("{\"status\":\"ok\"}"));

        JsonNode info = agent.info();
        assertThat(info.path("instance_id").asText()).isEqualTo("7d3c4a10-0000-4000-8000-000000000001");
        assertThat(info.path("agent_version").asText()).isNotBlank();
        assertThat(info.path("pid").asLong()).isEqualTo(agent.pid());
        assertThat(info.path("model").asText()).isEqualTo("org/sim-7b");
        assertThat(info.path("engine").path("kind").asText()).isEqualTo("simulated");
        assertThat(info.path("engine").path("pid").asLong()).isEqualTo(readNumber("engine.pid").orElseThrow());
        assertThat(info.path("engine").path("port").asLong()).isEqualTo(readNumber("engine.port").orElseThrow());
        assertThat(info.path("engine").path("command").toString())
                .contains("io.inventiv.agents.worker.engine.SimulatedEngineApplication",
                        "--inventiv.engine.served-model-name=sim-7b", "--inventiv.engine.load-time=300ms");
        assertThat(info.path("enrolment").path("enrolled").asBoolean()).isTrue();
        assertThat(info.path("last_heartbeat").path("outcome").asText()).isEqualTo("ok");

        HttpResponse<String> metrics = agent.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body())
                .contains("\ninventiv_agent_engine_up 1\n", "\ninventiv_agent_ready 1\n",
                        "\ninventiv_agent_enrolled 1\n", "\ninventiv_agent_engine_restarts_total 0\n",
                        "inventiv_agent_heartbeats_total{outcome=\"ok\"} ")
                .contains("\nvllm:num_requests_running{model_name=\"sim-7b\",engine=\"0\"} 0.0\n");
        assertThat(metrics.body().indexOf("inventiv_agent_")).isLessThan(metrics.body().indexOf("vllm:"));

        assertThat(agent.get("/logs?source=engine&lines=5000").body())
                .contains("Starting vLLM API server 0 on http://127.0.0.1:" + readNumber("engine.port").orElseThrow());
        HttpResponse<String> agentLog = agent.get("/logs?source=agent&lines=2");
        assertThat(agentLog.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(agentLog.body().lines()).hasSize(2);
        assertThat(agent.get("/logs?source=agent").body()).contains("Enrolled");

        assertThat(agent.get("/logs?lines=0").statusCode()).isEqualTo(400);
        assertThat(agent.get("/logs?lines=many").statusCode()).isEqualTo(400);
        assertThat(agent.get("/logs?source=kernel").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = agent.get("/v1/models");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(agent.post("/healthz").statusCode()).isEqualTo(405);
    }

    @Test
    @Order(4)
    void when_the_platform_asks_the_agent_rotates_its_token_and_uses_the_new_one() throws IOException {
        String before = Files.readString(state.resolve("worker-token"));
        int mark = platform.calls().size();
        platform.rotateOnNextHeartbeat();

        JsonNode rotation = waitAtMost(10).until(() -> platform.callsSince(mark, "rotate"), c -> !c.isEmpty())
                .getFirst().body();
        assertThat(platform.callsSince(mark, "rotate").getFirst().bearer()).isEqualTo(before);
        assertThat(rotation).as("rotation needs nothing but the token").isEqualTo(json("{}"));
        waitAtMost(10).until(() -> !Files.readString(state.resolve("worker-token")).equals(before));
        String after = Files.readString(state.resolve("worker-token"));
        waitAtMost(10).until(() -> platform.callsSince(mark, "heartbeat").stream()
                .anyMatch(call -> after.equals(call.bearer())));
        assertThat(platform.callsSince(mark, "register")).isEmpty();
    }

    @Test
    @Order(5)
    void a_refused_token_is_forgotten_and_the_agent_enrols_again_with_the_new_bootstrap_token() throws IOException {
        String refused = Files.readString(state.resolve("worker-token"));
        Files.writeString(home.resolve("bootstrap-token"), "bootstrap-token-2\n");
        platform.issueBootstrapToken("bootstrap-token-2");
        int mark = platform.calls().size();
        platform.revoke(refused);

        JsonNode registration = waitAtMost(10).until(() -> platform.callsSince(mark, "register"), c -> !c.isEmpty())
                .getFirst().body();
        assertThat(registration.path("bootstrap_token").asText()).isEqualTo("bootstrap-token-2");
        waitAtMost(10).until(() -> Files.exists(state.resolve("worker-token"))
                && !Files.readString(state.resolve("worker-token")).equals(refused));
        String renewed = Files.readString(state.resolve("worker-token"));
        waitAtMost(10).until(() -> !Files.exists(home.resolve("bootstrap-token")));
        waitAtMost(10).until(() -> platform.callsSince(mark, "heartbeat").stream()
                .anyMatch(call -> renewed.equals(call.bearer())));
        assertThat(agent.get("/metrics").body()).contains("inventiv_agent_heartbeats_total{outcome=\"refused\"} 1\n");
    }

    @Test
    @Order(6)
    void a_killed_engine_is_restarted_and_earns_its_readiness_again() {
        long killed = readNumber("engine.pid").orElseThrow();
        int mark = platform.calls().size();

        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        waitAtMost(10).until(() -> heartbeats(mark).stream()
                .anyMatch(h -> !h.path("readiness").path("engine_http_up").asBoolean()));
        JsonNode restarted = waitAtMost(30).until(() -> lastHeartbeat(mark),
                h -> h != null && ready(h) && h.path("engine").path("restarts").asInt() == 1);
        assertThat(restarted.path("engine").path("pid").asLong()).isNotEqualTo(killed)
                .isEqualTo(readNumber("engine.pid").orElseThrow());
        assertThat(agent.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(agent.info().path("engine").path("restarts").asInt()).isEqualTo(1);
    }

    @Test
    @Order(7)
    void an_agent_started_after_its_predecessor_was_killed_adopts_the_running_engine() throws IOException {
        long engine = readNumber("engine.pid").orElseThrow();
        long loads = engineLoads();
        int mark = platform.calls().size();

        agent.process().destroyForcibly();
        waitAtMost(10).until(() -> !agent.process().isAlive());
        assertThat(ProcessHandle.of(engine)).as("the engine outlives its agent").hasValueSatisfying(
                handle -> assertThat(handle.isAlive()).isTrue());

        agent = start();
        waitAtMost(20).until(agent::port, Optional::isPresent);
        JsonNode info = agent.info();
        assertThat(info.path("engine").path("pid").asLong()).isEqualTo(engine);
        assertThat(info.path("engine").path("adopted").asBoolean()).isTrue();
        assertThat(info.path("engine").path("restarts").asInt()).isZero();
        waitAtMost(20).until(() -> agent.get("/readyz").statusCode() == 200);
        waitAtMost(10).until(() -> lastHeartbeat(mark), h -> h != null && ready(h)
                && h.path("engine").path("pid").asLong() == engine);
        assertThat(engineLoads()).as("no second engine started").isEqualTo(loads);
        assertThat(platform.callsSince(mark, "register")).as("the saved worker token is used").isEmpty();
    }

    @Test
    @Order(8)
    void sigterm_stops_the_agent_and_its_engine() {
        long engine = readNumber("engine.pid").orElseThrow();

        agent.process().destroy();

        waitAtMost(20).until(() -> !agent.process().isAlive());
        waitAtMost(10).until(() -> ProcessHandle.of(engine).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
        assertThat(state.resolve("engine.pid")).doesNotExist();
        assertThat(state.resolve("agent.pid")).doesNotExist();
        assertThat(state.resolve("agent.port")).doesNotExist();
    }

    @Test
    @Order(9)
    void an_agent_whose_machine_files_are_gone_stops_with_its_engine() throws IOException {
        AgentProcess orphan = start();
        long engine = waitAtMost(30).until(() -> readNumber("engine.pid"), Optional::isPresent).orElseThrow();
        engines.add(engine);

        Files.delete(config);

        waitAtMost(20).until(() -> !orphan.process().isAlive());
        waitAtMost(15).until(() -> ProcessHandle.of(engine).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
    }

    private AgentProcess start() throws IOException {
        AgentProcess process = AgentProcess.start(config, state);
        started.add(process);
        return process;
    }

    private List<JsonNode> heartbeats(int mark) {
        return platform.callsSince(mark, "heartbeat").stream().map(FakeControlPlane.Call::body).toList();
    }

    private JsonNode lastHeartbeat(int mark) {
        List<JsonNode> heartbeats = heartbeats(mark);
        return heartbeats.isEmpty() ? null : heartbeats.getLast();
    }

    private static boolean ready(JsonNode heartbeat) {
        return READINESS_CHECKS.stream().allMatch(check -> heartbeat.path("readiness").path(check).asBoolean());
    }

    private long engineLoads() throws IOException {
        return Files.readString(state.resolve("engine.log")).lines()
                .filter(line -> line.contains("Loading weights of org/sim-7b")).count();
    }

    private Optional<Long> readNumber(String file) {
        try {
            long number = Long.parseLong(Files.readString(state.resolve(file)).strip());
            if (file.equals("engine.pid")) {
                engines.add(number);
            }
            return Optional.of(number);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String text) {
        try {
            return FakeControlPlane.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ConditionFactory waitAtMost(int seconds) {
        return await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions();
    }
}
