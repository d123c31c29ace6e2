package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The worker as a user meets it, over HTTP against the platform's jar: a deployment is installed over
 * real SSH, its agent and simulated engine run as OS processes of the machine and the instance reaches
 * READY with every phase in the action log; the engine answers a chat completion; a killed agent makes
 * the instance UNREACHABLE and, started again (by hand, then by the platform over SSH), READY; bad
 * tokens change nothing; the reconciler finds a server deleted behind the platform's back and deletes
 * an orphan; termination leaves no process and nothing at the provider.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerEndToEndIT {

    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> PHASES = List.of("check_gpu", "install_runtime", "install_agent", "download_model", "start_agent");

    private static PlatformProcess platform;
    private static Api api;
    private static String typeId;
    private static String zoneId;
    private static String instanceId;

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "INVENTIV_WORKER_UNREACHABLE_AFTER", "4s",
                "INVENTIV_WORKER_CHECK_INTERVAL", "1s",
                "INVENTIV_INSTALL_RECOVERY_DELAY", "15s",
                "INVENTIV_RECONCILIATION_INTERVAL", "2s",
                "INVENTIV_RECONCILIATION_ORPHAN_GRACE", "0s",
                "INVENTIV_INSTALL_RUN_CHECK_INTERVAL", "2s",
                "SPRING_APPLICATION_JSON", "{\"db-scheduler\":{\"polling-interval\":\"200ms\"},"
                        + "\"inventiv\":{\"install\":{\"simulated\":{\"load-time\":\"1s\",\"time-to-first-token\":\"20ms\",\"tokens-per-second\":\"500\"}}}}"));
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(PATIENCE).until(() -> api.get("/instance_types").body().size() >= 7);
        typeId = Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        zoneId = Api.find(api.get("/zones").body(), "code", "local-eu-1").path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void a_deployment_is_installed_over_ssh_and_reaches_ready_with_every_phase_in_the_action_log() {
        instanceId = deploy();
        awaitStatus(instanceId, "READY");

        JsonNode instance = api.get("/instances/" + instanceId).body();
        assertThat(instance.path("progress").asInt()).isEqualTo(100);
        assertThat(instance.path("install_phase").asText()).isEqualTo("start_agent");
        assertThat(instance.path("engine_kind").asText()).isEqualTo("simulated");
        assertThat(instance.path("engine_url").asText()).startsWith("http://127.0.0.1:");
        assertThat(statuses(instance)).containsSubsequence("PROVISIONING", "BOOTING", "INSTALLING", "STARTING", "READY");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(types(actions(instanceId))).contains("INSTANCE_READY"));
        List<JsonNode> log = actions(instanceId);
        assertThat(log.stream().filter(a -> a.path("action_type").asText().equals("INSTALL_PHASE_REACHED"))
                .map(a -> a.path("metadata").path("phase").asText()).toList()).containsExactlyElementsOf(PHASES);
        // the agent may enrol before the script that started it has ended
        assertThat(types(log)).containsSubsequence("INSTANCE_BOOTED", "WORKER_BOOTSTRAP_TOKEN_ISSUED", "INSTALL_PHASE_REACHED",
                "WORKER_REGISTERED", "WORKER_READINESS_REPORTED", "INSTANCE_READY");
        assertThat(types(log)).containsSubsequence("INSTALL_PHASE_REACHED", "WORKER_INSTALLED", "INSTANCE_READY")
                .doesNotContain("INSTALL_ATTEMPT_FAILED");
        // only hashes of tokens are ever recorded
        assertThat(log.toString()).doesNotContain("iwb_").doesNotContain("iwt_");
    }

    @Test
    @Order(2)
    void the_engine_answers_a_chat_completion_sent_straight_to_it_with_its_key_only() throws Exception {
        String engine = api.get("/instances/" + instanceId).body().path("engine_url").asText();
        String key = Files.readString(machineOf(instanceId).resolve(".inventiv/engine-api-key")).strip();
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(engine + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(engine + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],"
                        + "\"max_tokens\":8}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Api.JSON.readTree(response.body());
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        assertThat(body.path("usage").path("completion_tokens").asInt()).isBetween(1, 8);
    }

    @Test
    @Order(3)
    void heartbeats_and_engine_metrics_are_served_as_a_time_series() {
        await().atMost(PATIENCE).until(() -> api.get("/instances/" + instanceId + "/metrics").body().path("count").asInt() >= 3);
        JsonNode metrics = api.get("/instances/" + instanceId + "/metrics").body();
        JsonNode last = metrics.path("points").get(metrics.path("count").asInt() - 1);
        assertThat(last.path("warmed_up").asBoolean()).isTrue();
        assertThat(last.path("requests_running").isNumber()).isTrue();
        assertThat(last.path("kv_cache_usage").isNumber()).isTrue();
        assertThat(last.path("gpu_utilization").isNumber()).isTrue();
        assertThat(metrics.path("last_heartbeat_at").asText()).isNotBlank();

        Api.assertProblem(api.get("/instances/" + UUID.randomUUID() + "/metrics"), 404, "not-found");
        Api.assertProblem(api.get("/instances/" + instanceId + "/metrics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400,
                "invalid-parameter");
        Api.assertProblem(api.get("/instances/" + instanceId + "/metrics?to=%2B300000-01-01T00:00:00Z"), 400, "invalid-parameter");
        Api.assertProblem(api.get("/instances/" + instanceId + "/metrics?limit=0"), 400, "invalid-request");
        Api.assertProblem(api.get("/instances/" + instanceId + "/metrics?from=yesterday"), 400, "invalid-parameter");
    }

    @Test
    @Order(3)
    void a_key_lists_the_model_services_served_by_ready_instances_in_openai_shape() {
        String key = api.post("/api_keys", Api.json(Map.of("name", "e2e"))).body().path("key").asText();
        assertThat(api.post("/model_services", Api.json(Map.of("name", "default/llama", "model_id", MODEL))).status()).isEqualTo(201);
        Api client = new Api(platform.baseUrl());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.getWithHeader("/v1/models", "Authorization", "Bearer " + key)
                .body().path("data").findValuesAsText("id")).contains("default/llama"));
        JsonNode listed = client.getWithHeader("/v1/models", "Authorization", "Bearer " + key).body();
        assertThat(listed.path("object").asText()).isEqualTo("list");
        assertThat(listed.path("data").get(0).path("object").asText()).isEqualTo("model");
        assertThat(client.getWithHeader("/v1/models/default/llama", "Authorization", "Bearer " + key).body().path("id").asText())
                .isEqualTo("default/llama");

        Api.Response missing = client.get("/v1/models");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("error").path("code").asText()).isEqualTo("invalid_api_key");
        Api.Response wrong = client.getWithHeader("/v1/models", "Authorization", "Bearer sk-inv-not-a-key-at-all-0000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("error").path("message").asText()).doesNotContain("not-a-key-at-all");
        Api.Response unknown = client.getWithHeader("/v1/models/nobody/nothing", "Authorization", "Bearer " + key);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").path("code").asText()).isEqualTo("model_not_found");

        // a chat completion through /v1, served by the instance's engine under the service's name
        Api.Response chat = client.post("/v1/chat/completions", "{\"model\":\"default/llama\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello\"}],\"max_tokens\":6}", "Authorization", "Bearer " + key);
        assertThat(chat.status()).as("%s", chat.body()).isEqualTo(200);
        assertThat(chat.body().path("model").asText()).isEqualTo("default/llama");
        assertThat(chat.body().path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        assertThat(chat.body().path("usage").path("completion_tokens").asInt()).isBetween(1, 6);
        String streamed = client.postForText("/v1/chat/completions", "{\"model\":\"default/llama\",\"stream\":true,\"stream_options\":"
                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":4}",
                "Authorization", "Bearer " + key);
        assertThat(streamed).contains("\"object\":\"chat.completion.chunk\"").contains("\"model\":\"default/llama\"")
                .contains("\"usage\":{").endsWith("data: [DONE]\n\n").doesNotContain(MODEL);
        Api.Response noModel = client.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "Authorization", "Bearer " + key);
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.body().path("error").path("param").asText()).isEqualTo("model");
        Api.Response notJson = client.post("/v1/chat/completions", "{\"model\":", "Authorization", "Bearer " + key);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        Api.Response elsewhere = client.post("/v1/chat/completions", "{\"model\":\"nobody/nothing\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}", "Authorization", "Bearer " + key);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(client.post("/v1/chat/completions", "{}").status()).isEqualTo(401);

        String id = api.get("/api_keys").body().path("items").get(0).path("id").asText();
        assertThat(api.delete("/api_keys/" + id).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> client.getWithHeader("/v1/models", "Authorization", "Bearer " + key).status() == 401);
    }

    @Test
    @Order(4)
    void bad_tokens_on_the_worker_api_get_401_and_change_nothing() {
        int before = actions(instanceId).size();
        Api anonymous = new Api(platform.baseUrl());

        Api.Response noToken = anonymous.post("/internal/worker/heartbeat", "{\"readiness\":{}}");
        Api.assertProblem(noToken, 401, "invalid-token");
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        Api.assertProblem(anonymous.post("/internal/worker/heartbeat", "{\"readiness\":{\"engine_http_up\":false}}",
                "Authorization", "Bearer iwt_forged"), 401, "invalid-token");
        Api.assertProblem(anonymous.post("/internal/worker/heartbeat", "not json", "Authorization", "Bearer iwt_forged"), 401, "invalid-token");
        Api.assertProblem(anonymous.post("/internal/worker/rotate", "", "Authorization", "Bearer iwt_forged"), 401, "invalid-token");
        Api.assertProblem(anonymous.post("/internal/worker/register", Api.json(Map.of("instance_id", instanceId,
                "bootstrap_token", "iwb_guessed", "agent_port", 9100, "engine_port", 8000))), 401, "invalid-token");
        Api.assertProblem(anonymous.post("/internal/worker/register", Api.json(Map.of("instance_id", UUID.randomUUID().toString(),
                "bootstrap_token", "iwb_guessed", "agent_port", 9100, "engine_port", 8000))), 401, "invalid-token");
        Api.assertProblem(anonymous.post("/internal/worker/register", Api.json(Map.of("instance_id", instanceId))), 400, "invalid-request");
        Api.assertProblem(anonymous.post("/internal/worker/register", "{\"instance_id\": 42"), 400, "invalid-request");

        assertThat(actions(instanceId)).hasSize(before);
        assertThat(api.get("/instances/" + instanceId).body().path("status").asText()).isEqualTo("READY");
    }

    @Test
    @Order(5)
    void a_killed_agent_makes_the_instance_unreachable_and_started_again_it_is_ready() throws Exception {
        Path machine = machineOf(instanceId);
        long agent = pid(machine.resolve(".inventiv/agent/agent.pid"));
        long engine = pid(machine.resolve(".inventiv/agent/engine.pid"));
        ProcessHandle.of(agent).orElseThrow().destroyForcibly();

        awaitStatus(instanceId, "UNREACHABLE");
        assertThat(ProcessHandle.of(engine).map(ProcessHandle::isAlive)).as("the engine outlives its agent").contains(true);

        // as an operator would on the machine: the same command the bootstrap script runs
        String java = Files.readAllLines(machine.resolve(".inventiv/agent.properties")).stream()
                .filter(l -> l.startsWith("java=")).findFirst().orElseThrow().substring(5);
        ProcessBuilder restart = new ProcessBuilder(java, "-Xmx64m", "-jar", ".inventiv/inventiv-worker.jar", "agent", "--config",
                ".inventiv/agent.properties").directory(machine.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(machine.resolve(".inventiv/agent/agent.log").toFile()))
                .redirectErrorStream(true);
        restart.environment().put("INVENTIV_MACHINE", machine.getFileName().toString());
        restart.start();

        awaitStatus(instanceId, "READY");
        assertThat(pid(machine.resolve(".inventiv/agent/engine.pid"))).as("the running engine is adopted, not started twice").isEqualTo(engine);
        // the action log is a projection: it follows the instance's events shortly
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(types(actions(instanceId))).containsSubsequence("INSTANCE_BECAME_UNREACHABLE", "INSTANCE_RECOVERED"));
    }

    @Test
    @Order(6)
    void an_agent_nobody_restarts_is_started_again_by_the_platform_over_ssh() throws Exception {
        Path machine = machineOf(instanceId);
        ProcessHandle.of(pid(machine.resolve(".inventiv/agent/agent.pid"))).orElseThrow().destroyForcibly();
        awaitStatus(instanceId, "UNREACHABLE");
        awaitStatus(instanceId, "READY");
        await().atMost(PATIENCE).until(() -> types(actions(instanceId)).stream().filter("INSTANCE_RECOVERED"::equals).count() == 2);
        List<JsonNode> log = actions(instanceId);
        assertThat(log.stream().filter(a -> a.path("action_type").asText().equals("INSTALL_PHASE_REACHED"))
                .map(a -> a.path("metadata").path("attempt").asInt()).distinct().count()).as("a second run of the script").isEqualTo(2);
        assertThat(types(log).stream().filter("INSTANCE_RECOVERED"::equals).count()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void an_operator_rotates_the_worker_token_and_the_worker_takes_the_new_one() {
        Api.Response asked = api.post("/instances/" + instanceId + "/worker/token/rotation", "");
        assertThat(asked.status()).as("%s", asked.body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> types(actions(instanceId)).contains("WORKER_TOKEN_ROTATED"));
        long beats = api.get("/instances/" + instanceId + "/metrics").body().path("count").asLong();
        await().atMost(PATIENCE).until(() -> api.get("/instances/" + instanceId + "/metrics").body().path("count").asLong() > beats + 2);
        assertThat(api.get("/instances/" + instanceId).body().path("status").asText()).isEqualTo("READY");

        Api.assertProblem(api.post("/instances/" + UUID.randomUUID() + "/worker/token/rotation", ""), 404, "not-found");
    }

    @Test
    @Order(8)
    void termination_stops_the_worker_and_the_engine_and_leaves_nothing_at_the_provider() throws Exception {
        Path machine = machineOf(instanceId);
        long agent = pid(machine.resolve(".inventiv/agent/agent.pid"));
        long engine = pid(machine.resolve(".inventiv/agent/engine.pid"));
        assertThat(api.delete("/instances/" + instanceId).status()).isEqualTo(202);
        awaitStatus(instanceId, "TERMINATED");
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true)
                && ProcessHandle.of(engine).map(p -> !p.isAlive()).orElse(true));
        assertThat(api.get("/local-cloud/servers?tag=inventiv-instance=" + instanceId).body().path("total_count").asInt()).isZero();
        assertThat(api.get("/local-cloud/volumes?tag=inventiv-instance=" + instanceId).body().path("total_count").asInt()).isZero();
        assertThat(Files.exists(machine)).isFalse();
    }

    @Test
    @Order(9)
    void the_reconciler_finds_a_server_deleted_behind_the_platform_s_back_and_deletes_an_orphan() {
        String id = deploy();
        awaitStatus(id, "READY");
        JsonNode instance = api.get("/instances/" + id).body();
        String platformTag = Api.texts(api.get("/local-cloud/servers?tag=inventiv-instance=" + id).body().path("servers").get(0).path("tags"))
                .stream().filter(t -> t.startsWith("inventiv-platform=")).findFirst().orElseThrow();
        assertThat(api.delete("/local-cloud/zones/local-eu-1/servers/" + instance.path("server_id").asText()).status()).isEqualTo(204);
        awaitStatus(id, "FAILED");
        assertThat(api.get("/instances/" + id).body().path("failure_reason").asText()).contains("disappeared at the provider");
        // the action log is a projection: it follows the instance's events shortly
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(types(actions(id))).contains("INSTANCE_SERVER_VANISHED"));

        String stranger = UUID.randomUUID().toString();
        Api.Response orphan = api.post("/local-cloud/zones/local-eu-1/servers", Api.json(Map.of("name", "left-behind",
                "commercial_type", "L4-1-24G", "tags", List.of("inventiv-instance=" + stranger, platformTag))));
        assertThat(orphan.status()).as("%s", orphan.body()).isEqualTo(201);
        await().atMost(PATIENCE).until(() -> api.get("/local-cloud/servers?tag=inventiv-instance=" + stranger).body().path("total_count").asInt() == 0);
        // the action log is a projection: it follows the deletion's event shortly
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get("/action_logs?action_type=ORPHAN_SERVER_DELETED").body().toString())
                .contains(orphan.body().path("id").asText()));

        Api.Response untagged = api.post("/local-cloud/zones/local-eu-1/servers", Api.json(Map.of("name", "someone-else",
                "commercial_type", "L4-1-24G", "tags", List.of("team=research"))));
        assertThat(untagged.status()).isEqualTo(201);
        Api.Response anotherPlatforms = api.post("/local-cloud/zones/local-eu-1/servers", Api.json(Map.of("name", "staging",
                "commercial_type", "L4-1-24G", "tags", List.of("inventiv-instance=" + UUID.randomUUID(), "inventiv-platform=" + UUID.randomUUID()))));
        assertThat(anotherPlatforms.status()).isEqualTo(201);

        // the failed instance is terminated like any other: its volume goes, and the stranger's server stays
        assertThat(api.delete("/instances/" + id).status()).isEqualTo(202);
        awaitStatus(id, "TERMINATED");
        assertThat(api.get("/local-cloud/volumes?tag=inventiv-instance=" + id).body().path("total_count").asInt()).isZero();
        assertThat(api.get("/local-cloud/servers?tag=team=research").body().path("total_count").asInt()).isEqualTo(1);
        assertThat(api.get("/local-cloud/servers").body().toString()).as("another platform's server stays")
                .contains(anotherPlatforms.body().path("id").asText());
    }

    @Test
    @Order(10)
    void an_installation_cut_short_by_a_crash_of_the_platform_is_run_again_after_the_restart() throws Exception {
        String id = deploy();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> types(actions(id)).contains("INSTALL_PHASE_REACHED"));
        platform.kill();
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());

        awaitStatus(id, "READY");
        Path machine = machineOf(id);
        long agent = pid(machine.resolve(".inventiv/agent/agent.pid"));
        assertThat(ProcessHandle.of(agent).map(ProcessHandle::isAlive)).contains(true);
        long agents = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("agent --config")
                && p.info().commandLine().orElse("").contains(".inventiv/agent.properties")
                && environmentOf(p.pid()).contains("INVENTIV_MACHINE=" + machine.getFileName())).count();
        assertThat(agents).as("one agent per machine").isEqualTo(1);

        assertThat(api.delete("/instances/" + id).status()).isEqualTo(202);
        awaitStatus(id, "TERMINATED");
    }

    private static String environmentOf(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/environ")).replace('\0', '\n');
        } catch (Exception gone) {
            return "";
        }
    }

    private static String deploy() {
        Api.Response deployed = api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)));
        assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(201);
        return deployed.body().path("instance_id").asText();
    }

    private static Path machineOf(String id) {
        return platform.dataDir().resolve("local-cloud/machines").resolve(api.get("/instances/" + id).body().path("server_id").asText());
    }

    private static long pid(Path file) throws Exception {
        return Long.parseLong(Files.readString(file).strip());
    }

    private static List<JsonNode> actions(String id) {
        List<JsonNode> entries = new java.util.ArrayList<>();
        api.get("/action_logs?limit=500&instance_id=" + id).body().forEach(entries::add);
        return entries.reversed();
    }

    private static List<String> types(List<JsonNode> actions) {
        return actions.stream().map(a -> a.path("action_type").asText()).toList();
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get("/instances/" + id).body().path("status").asText())
                        .as(() -> "status of " + id + "\n" + platform.logTail()).isEqualTo(status));
    }

    private static List<String> statuses(JsonNode instance) {
        return instance.path("history").findValuesAsText("status");
    }
}
