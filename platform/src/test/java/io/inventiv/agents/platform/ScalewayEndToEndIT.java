package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.provider.scaleway.fake.FakeScaleway;
import io.inventiv.agents.provider.scaleway.fake.SshMachineHost;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same deployment, on Scaleway: the platform's jar speaks Scaleway's API to a stand-in that answers
 * as Scaleway does, whose servers are SSH endpoints on their own public (loopback) addresses accepting
 * only the key their cloud-init authorizes. The catalog is synced from it, a model is deployed on an
 * L4 and reaches READY, a new price becomes an event, and termination leaves nothing at "Scaleway".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalewayEndToEndIT {

    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String ZONE = "fr-par-2";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static FakeScaleway scaleway;
    private static SshMachineHost machines;
    private static Path work;
    private static PlatformProcess platform;
    private static Api api;
    private static String instanceId;
    private static int sshPort;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("inventiv-scaleway-e2e");
        scaleway = FakeScaleway.start();
        scaleway.setBootDelay(Duration.ofMillis(500));
        scaleway.setVolumeDelay(Duration.ofMillis(300));
        sshPort = freePort();
        machines = new SshMachineHost(work.resolve("machines"), sshPort);
        scaleway.setMachineHost(machines);
        Path secret = Files.writeString(work.resolve("scaleway-secret"), FakeScaleway.SECRET_KEY);
        Map<String, String> settings = new HashMap<>();
        settings.put("INVENTIV_SCALEWAY_PROJECT_ID", FakeScaleway.PROJECT_ID);
        settings.put("SCALEWAY_SECRET_KEY_FILE", secret.toString());
        settings.put("INVENTIV_SCALEWAY_API_URL", scaleway.url());
        settings.put("INVENTIV_SCALEWAY_SSH_PORT", Integer.toString(sshPort));
        settings.put("INVENTIV_SCALEWAY_ZONES", ZONE);
        settings.put("INVENTIV_SCALEWAY_AGENT_PORT", Integer.toString(freePort()));
        settings.put("INVENTIV_SCALEWAY_ENGINE_PORT", Integer.toString(freePort()));
        settings.put("INVENTIV_LIFECYCLE_POLL_INTERVAL", "300ms");
        settings.put("INVENTIV_LIFECYCLE_INITIAL_BACKOFF", "500ms");
        settings.put("INVENTIV_LIFECYCLE_MAX_BACKOFF", "2s");
        settings.put("INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s");
        settings.put("SPRING_APPLICATION_JSON", "{\"db-scheduler\":{\"polling-interval\":\"200ms\"},"
                + "\"inventiv\":{\"install\":{\"simulated\":{\"load-time\":\"1s\"}}}}");
        platform = new PlatformProcess(settings);
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (machines != null) {
            machines.close();
        }
        if (scaleway != null) {
            scaleway.close();
        }
    }

    @Test
    @Order(1)
    void the_catalog_is_synced_from_scaleway_with_its_prices_and_zones() {
        Api.Response synced = api.post("/catalog/sync", "");
        assertThat(synced.status()).as("%s", synced.body()).isEqualTo(200);
        JsonNode outcome = synced.body().path("providers").get(0);
        assertThat(outcome.path("provider").asText()).isEqualTo("scaleway");
        assertThat(Api.texts(outcome.path("zones"))).containsExactly(ZONE);
        assertThat(outcome.path("refused")).isEmpty();

        JsonNode l4 = scalewayType("L4-1-24G");
        assertThat(l4.path("gpu_count").asInt()).isEqualTo(1);
        assertThat(l4.path("vram_per_gpu_gb").asInt()).isEqualTo(24);
        assertThat(Api.texts(l4.path("zone_ids"))).containsExactly(zoneId());
        assertThat(api.post("/catalog/sync", "").status()).as("a second sync changes nothing and fails nothing").isEqualTo(200);
    }

    @Test
    @Order(2)
    void a_model_deployed_on_scaleway_is_installed_over_ssh_on_its_public_address_and_reaches_ready() throws Exception {
        Api.Response deployed = api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id",
                scalewayType("L4-1-24G").path("id").asText(), "zone_id", zoneId())));
        assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(201);
        instanceId = deployed.body().path("instance_id").asText();
        awaitStatus(instanceId, "READY");

        JsonNode instance = api.get("/instances/" + instanceId).body();
        assertThat(instance.path("provider_code").asText()).isEqualTo("scaleway");
        assertThat(instance.path("ip_address").asText()).startsWith("127.0.0.").isNotEqualTo("127.0.0.1");
        var server = scaleway.server(instance.path("server_id").asText()).orElseThrow();
        assertThat(server.state()).isEqualTo("running");
        assertThat(server.tags()).contains("inventiv-instance=" + instanceId).anyMatch(t -> t.startsWith("inventiv-platform="));
        assertThat(server.userData().get("cloud-init")).contains("ecdsa-sha2-nistp256");
        assertThat(scaleway.calls("POST", "/servers$")).as("one server made").hasSize(1);

        String key = Files.readString(machines.home(server.id()).resolve(".inventiv/engine-api-key")).strip();
        HttpResponse<String> chat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(instance.path("engine_url").asText() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"max_tokens\":4}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void a_new_price_at_scaleway_becomes_a_price_change_in_the_catalog() {
        scaleway.setPrice("L4-1-24G", 0.99);
        assertThat(api.post("/catalog/sync", "").status()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scalewayType("L4-1-24G").path("hourly_price_eur").decimalValue())
                .isEqualByComparingTo("0.99"));
        assertThat(api.get("/action_logs?action_type=INSTANCE_TYPE_PRICE_CHANGED").body().toString()).contains("0.99");
    }

    @Test
    @Order(4)
    void termination_leaves_nothing_at_scaleway() {
        String serverId = api.get("/instances/" + instanceId).body().path("server_id").asText();
        assertThat(api.delete("/instances/" + instanceId).status()).isEqualTo(202);
        awaitStatus(instanceId, "TERMINATED");
        assertThat(scaleway.server(serverId)).isEmpty();
        assertThat(scaleway.volumes()).noneMatch(v -> v.tags().contains("inventiv-instance=" + instanceId));
        assertThat(Files.exists(machines.home(serverId))).isFalse();
    }

    private static JsonNode scalewayType(String code) {
        for (JsonNode type : api.get("/instance_types").body()) {
            if (type.path("code").asText().equals(code) && type.path("provider_id").asText().equals(scalewayProviderId())) {
                return type;
            }
        }
        throw new AssertionError("no Scaleway type " + code + " in the catalog");
    }

    private static String scalewayProviderId() {
        return Api.find(api.get("/providers").body(), "code", "scaleway").path("id").asText();
    }

    private static String zoneId() {
        return Api.find(api.get("/zones").body(), "code", ZONE).path("id").asText();
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(api.get("/instances/" + id).body().path("status").asText())
                        .as(() -> "status of " + id + "\n" + platform.logTail()).isEqualTo(status));
    }
}
