package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.support.storage.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two platform nodes on one PostgreSQL, sharing one data directory (keys, the local cloud), with a load balancer in front
 * that the workers report to: traffic through either node, a key revoked on one refused by the other within a second, one
 * rate limit for both, the processors' segments shared out, and node A killed with SIGKILL in the middle of work: node B
 * takes its segments over and no event, nor any usage it counted, is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String SERVICE = "cluster/assistant";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestDatabase.Connection db;
    private static Path dataDir;
    private static TcpBalancer balancer;
    private static PlatformProcess a;
    private static PlatformProcess b;
    private static Api onA;
    private static Api onB;
    private static String instanceId;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        dataDir = Files.createTempDirectory("inventiv-cluster");
        balancer = new TcpBalancer();
        Map<String, String> settings = new HashMap<>(Map.of(
                "INVENTIV_DB_URL", db.url(),
                "INVENTIV_DB_USER", db.user(),
                "INVENTIV_DB_PASSWORD", db.password() == null ? "" : db.password(),
                "INVENTIV_INSTALL_CONTROL_PLANE_URL", balancer.url(),
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "INVENTIV_WORKER_UNREACHABLE_AFTER", "20s",
                "INVENTIV_INSTALL_RECOVERY_DELAY", "10m"));
        settings.put("SPRING_APPLICATION_JSON", "{\"inventiv\":{\"cluster\":{\"heartbeat-every\":\"1s\"},\"router\":{\"event-loops\":2},"
                + "\"install\":{\"simulated\":{\"load-time\":\"1s\",\"time-to-first-token\":\"20ms\",\"tokens-per-second\":\"400\"}}}}");
        a = new PlatformProcess(settings, dataDir);
        a.start();
        b = new PlatformProcess(settings, dataDir);
        b.start();
        balancer.balanceTo(a.port(), b.port());
        onA = Api.loggedIn(a.baseUrl(), "admin", a.adminPassword());
        onB = Api.loggedIn(b.baseUrl(), "admin", b.adminPassword());
    }

    @AfterAll
    static void stop() throws Exception {
        for (PlatformProcess node : new PlatformProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (balancer != null) {
            balancer.close();
        }
        if (dataDir != null) {
            // the machines of the local cloud outlive the platform, as a cloud's would: they go with the test
            new ProcessBuilder("pkill", "-9", "-f", dataDir.resolve("local-cloud").toString()).start().waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void the_nodes_share_out_the_segments_of_a_processor_that_has_several() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(rows("select node_id from cluster.nodes")).hasSize(2);
            assertThat(rows("select distinct owner from token_entry where processor_name = 'instance-lifecycle' and owner is not null"))
                    .containsExactlyInAnyOrder(owner(a), owner(b));
        });
    }

    @Test
    @Order(2)
    void an_instance_deployed_through_one_node_serves_requests_through_either() throws Exception {
        await().atMost(PATIENCE).until(() -> onA.get("/instance_types").body().size() >= 7);
        String typeId = Api.find(onA.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        String zoneId = Api.find(onA.get("/zones").body(), "code", "local-eu-1").path("id").asText();
        Api.Response service = onB.post("/model_services", Api.json(Map.of("name", SERVICE, "model_id", MODEL)));
        assertThat(service.status()).as("%s", service.body()).isEqualTo(201);
        Api.Response deployed = onA.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)));
        assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(201);
        instanceId = deployed.body().path("instance_id").asText();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(onB.get("/instances/" + instanceId)
                .body().path("status").asText()).as(() -> a.logTail() + "\n---- B\n" + b.logTail()).isEqualTo("READY"));
        String key = onA.post("/api_keys", Api.json(Map.of("name", "either"))).body().path("key").asText();

        for (PlatformProcess node : List.of(a, b, a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> answer = chat(node, key, "hello");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(Api.JSON.readTree(answer.body()).path("model").asText()).isEqualTo(SERVICE);
            });
        }
    }

    @Test
    @Order(3)
    void a_key_revoked_through_node_a_is_refused_by_node_b_within_a_second() throws Exception {
        for (int round = 0; round < 3; round++) {
            JsonNode created = onA.post("/api_keys", Api.json(Map.of("name", "revoked-" + round))).body();
            String key = created.path("key").asText();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> models(b, key) == 200);

            assertThat(onA.delete("/api_keys/" + created.path("id").asText()).status()).isIn(200, 204);
            long revokedAt = System.nanoTime();
            int status;
            while ((status = models(b, key)) == 200 && System.nanoTime() - revokedAt < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;

            assertThat(status).isEqualTo(401);
            assertThat(tookMillis).as("refused by node B after %d ms", tookMillis).isLessThan(1000);
        }
    }

    @Test
    @Order(4)
    void the_live_stream_of_either_node_shows_what_happens_whichever_node_projects_it() throws Exception {
        var streamOfA = onA.stream("?topics=actions");
        var streamOfB = onB.stream("?topics=actions");
        assertThat(streamOfA.poll(10, TimeUnit.SECONDS).name()).isEqualTo("ready");
        assertThat(streamOfB.poll(10, TimeUnit.SECONDS).name()).isEqualTo("ready");
        String name = "live-" + java.util.UUID.randomUUID();

        assertThat(onB.post("/api_keys", Api.json(Map.of("name", name))).status()).isEqualTo(201);

        for (var stream : List.of(streamOfA, streamOfB)) {
            long seen = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (Api.Event event; (event = stream.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                if (event.name().equals("action") && event.data().toString().contains(name)) {
                    seen++;
                    until = Math.min(until, System.nanoTime() + TimeUnit.SECONDS.toNanos(1)); // a second more, for a duplicate
                }
            }
            assertThat(seen).as("the creation of %s on %s", name, stream == streamOfA ? "node A's stream" : "node B's stream").isEqualTo(1);
        }
    }

    @Test
    @Order(5)
    void a_key_s_requests_per_minute_hold_across_both_nodes() throws Exception {
        String key = onA.post("/api_keys", Api.json(Map.of("name", "limited", "requests_per_minute", 6))).body().path("key").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> models(a, key) == 200 && models(b, key) == 200);

        ExecutorService clients = Executors.newFixedThreadPool(12);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                PlatformProcess node = i % 2 == 0 ? a : b;
                answers.add(clients.submit(() -> chat(node, key, "count me")));
            }
            Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                byStatus.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 429) {
                    assertThat(Api.JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
                    assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("6");
                    assertThat(response.headers().firstValue("retry-after")).isPresent();
                }
            }
            // a minute's 6 requests (the bucket refills one every 10 s: a seventh if the burst took that long)
            assertThat(byStatus.getOrDefault(200, 0)).as("%s", byStatus).isBetween(6, 7);
            assertThat(byStatus.getOrDefault(429, 0)).as("%s", byStatus).isEqualTo(24 - byStatus.getOrDefault(200, 0));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void node_a_killed_in_the_middle_of_work_hands_its_segments_to_node_b_and_no_event_or_usage_is_lost() throws Exception {
        JsonNode counted = onB.post("/api_keys", Api.json(Map.of("name", "counted"))).body();
        String key = counted.path("key").asText();
        String keyId = counted.path("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> models(a, key) == 200 && models(b, key) == 200);
        AtomicBoolean aIsDead = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        Set<String> keysCreated = ConcurrentHashMap.newKeySet();
        AtomicBoolean going = new AtomicBoolean(true);
        ExecutorService work = Executors.newFixedThreadPool(4);
        try {
            // commands through both nodes' admin API, requests through both nodes' data plane, until well after A is gone
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int worker = w;
                workers.add(work.submit(() -> {
                    for (int i = 0; going.get(); i++) {
                        Api api = (i + worker) % 2 == 0 && !aIsDead.get() ? onA : onB;
                        try {
                            Api.Response created = api.post("/api_keys", Api.json(Map.of("name", "busy-" + worker + "-" + i)));
                            if (created.status() == 201) {
                                keysCreated.add(created.body().path("id").asText());
                            }
                        } catch (RuntimeException nodeDied) {
                            // A died with this request: not acknowledged, so not counted
                        }
                        PlatformProcess node = (i + worker) % 2 == 1 && !aIsDead.get() ? a : b;
                        try {
                            if (chat(node, key, "work " + i).statusCode() == 200) {
                                answered.incrementAndGet();
                            }
                        } catch (java.io.IOException nodeDied) {
                            // the same
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(3000);
            a.kill();
            aIsDead.set(true);
            long killedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(rows("select distinct owner from token_entry where owner is not null")).containsExactly(owner(b)));
            long takenOverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            Thread.sleep(2000);
            going.set(false);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            System.out.printf("node B held every segment %d ms after node A was killed; %d keys created, %d requests answered%n",
                    takenOverMillis, keysCreated.size(), answered.get());
        } finally {
            work.shutdownNow();
        }

        assertThat(keysCreated).hasSizeGreaterThan(10);
        // every acknowledged command is in the action log (a tracking projection, half of it A's before A died), and every
        // event of the log is there once
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(rows("select subject_id from action_logs where action_type = 'API_KEY_CREATED'")).containsAll(keysCreated);
            assertThat(rows("select d.payload_type from domain_event_entry d "
                    + "where not exists (select 1 from action_logs a where a.event_id = d.event_identifier)")).isEmpty();
            assertThat(rows("select event_id from action_logs group by event_id having count(*) > 1")).isEmpty();
        });
        // every processor that shares its position has followed the log to its end
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows("select processor_name from token_entry "
                + "where (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint < (select max(global_index) from domain_event_entry)"))
                .isEmpty());
        // the usage of every request answered, on either node, became events: A's last requests through its journal, which B
        // published (a request A counted as it was killed, before its client had the answer, is counted too: at most one per client)
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(requestsRecordedFor(keyId)).isBetween((long) answered.get(), answered.get() + 2L));
        // and node B still serves, with the instance its workers now report to it
        HttpResponse<String> after = chat(b, key, "still there?");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(onB.get("/instances/" + instanceId).body().path("status").asText()).isEqualTo("READY");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String owner(PlatformProcess node) throws Exception {
        return rows("select node_id from cluster.nodes").stream().filter(id -> id.startsWith(node.pid() + "@")).findFirst()
                .orElse(node.pid() + "@?");
    }

    private static long requestsRecordedFor(String keyId) throws Exception {
        long requests = 0;
        for (String payload : rows("select convert_from(payload, 'UTF8') from domain_event_entry where payload_type like '%.UsageRecorded'")) {
            if (payload.contains(keyId)) {
                requests += Api.JSON.readTree(payload).path("requests").asLong();
            }
        }
        return requests;
    }

    private static List<String> rows(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static int models(PlatformProcess node, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.dataPlanePort() + "/v1/models"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpResponse<String> chat(PlatformProcess node, String key, String prompt) throws Exception {
        String body = Api.json(Map.of("model", SERVICE, "max_tokens", 8,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.dataPlanePort() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
