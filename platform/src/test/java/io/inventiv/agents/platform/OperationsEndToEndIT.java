package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator has to go on: the platform's log as one JSON object a line ({@code INVENTIV_LOG_FORMAT=json}), one
 * correlation id from an admin request to the log lines of the handlers, sagas and deadlines it set off and to the metadata
 * of the events they stored, and a stop (SIGTERM) that lets a {@code /v1} stream in flight end and publishes its usage
 * before the process exits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String SERVICE = "default/operations";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static PlatformProcess platform;
    private static Api api;
    private static String instanceId;

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformProcess(Map.of(
                "INVENTIV_LOG_FORMAT", "json",
                // no handler of a deployment logs at INFO: at DEBUG, each message handled is logged on its handler's thread
                "LOGGING_LEVEL_IO_INVENTIV_AGENTS_SUPPORT_OBSERVABILITY", "debug",
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "SPRING_APPLICATION_JSON", "{\"db-scheduler\":{\"polling-interval\":\"200ms\"},\"inventiv\":{\"install\":{\"simulated\":"
                        + "{\"load-time\":\"1s\",\"time-to-first-token\":\"20ms\",\"tokens-per-second\":\"100\"}}}}"));
        platform.start();
        api = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(PATIENCE).until(() -> api.get("/instance_types").body().size() >= 7);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            stopLocalMachines();
            platform.close();
        }
    }

    @Test
    @Order(1)
    void the_id_of_an_admin_request_is_in_its_answer_its_handlers_log_lines_and_the_events_its_sagas_and_deadlines_store() throws Exception {
        String id = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String typeId = Api.find(api.get("/instance_types").body(), "code", "L4-1-24G").path("id").asText();
        String zoneId = Api.find(api.get("/zones").body(), "code", "local-eu-1").path("id").asText();

        Api.Response deployed = api.post("/deployments", Api.json(Map.of("model_id", MODEL, "instance_type_id", typeId, "zone_id", zoneId)),
                "X-Request-Id", id);

        assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(201);
        assertThat(deployed.headers().firstValue("X-Request-Id")).contains(id);
        instanceId = deployed.body().path("instance_id").asText();

        // the request's command, the saga that provisions, the commands it sends and the deadline that sees the machine up
        List<String> chain = List.of("InstanceProvisioningRequested", "ProviderServerCreated", "DataVolumeAttached", "InstanceBootStarted",
                "InstanceBooted");
        List<StoredEvent> stored = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> storedEvents(instanceId), events -> events.size() >= chain.size());
        assertThat(stored.subList(0, chain.size())).extracting(StoredEvent::type).containsExactlyElementsOf(chain);
        for (StoredEvent event : stored.subList(0, chain.size())) {
            assertThat(event.metaData().path("correlation_id").asText()).as("%s", event).isEqualTo(id);
            assertThat(event.metaData().has("traceId")).as("Axon's own correlation stays: %s", event).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> lines = logLines().stream().filter(line -> id.equals(line.path("correlation_id").asText())).toList();
            assertThat(lines).as("lines of the request's thread, the saga's processor and the deadline's scheduler")
                    .anySatisfy(line -> assertLine(line, "http-nio-", "handling ProvisionInstance"))
                    .anySatisfy(line -> assertLine(line, "EventProcessor[instance-lifecycle]", "handling InstanceProvisioningRequested"))
                    .anySatisfy(line -> assertLine(line, "EventProcessor[instance-lifecycle]", "handling RecordProviderServer"))
                    .anySatisfy(line -> assertLine(line, "db-scheduler", "handling deadline provisioning-poll"));
        });
    }

    @Test
    @Order(2)
    void every_line_of_the_log_is_a_json_object_with_the_elastic_common_schema_fields() throws Exception {
        List<String> raw = Files.readAllLines(logFile());
        // the JVM itself writes a few warnings to stderr before any logging starts: those are the only other lines
        assertThat(raw.stream().filter(line -> !line.startsWith("{"))).allSatisfy(line -> assertThat(line).startsWith("WARNING: "));
        List<JsonNode> lines = logLines();
        assertThat(lines).hasSizeGreaterThan(100).allSatisfy(line -> {
            assertThat(line.path("@timestamp").asText()).isNotBlank();
            assertThat(line.path("log").path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(line.path("log").path("logger").asText()).isNotBlank();
            assertThat(line.path("process").path("thread").path("name").asText()).isNotBlank();
            assertThat(line.has("message")).isTrue();
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("Started InventivPlatform"));
    }

    @Test
    @Order(3)
    void an_odd_request_id_is_replaced_by_a_new_one_that_the_answer_and_the_events_name_and_refusals_name_theirs() throws Exception {
        for (String odd : List.of("x".repeat(65), "two words", "<script>alert(1)</script>", "naïve")) {
            Api.Response read = api.getWithHeader("/instances", "X-Request-Id", odd);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.headers().firstValue("X-Request-Id")).get().asString().as("for %s", odd).matches(UUID_FORM);
        }
        assertThat(api.getWithHeader("/instances", "X-Request-Id", "x".repeat(64)).headers().firstValue("X-Request-Id")).contains("x".repeat(64));

        Api.Response created = api.post("/organizations", "{\"name\":\"Initech\"}", "X-Request-Id", "id with spaces");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String generated = created.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches(UUID_FORM);
        String organization = created.body().path("id").asText();
        List<StoredEvent> stored = await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents(organization), events -> !events.isEmpty());
        assertThat(stored).allSatisfy(event -> assertThat(event.metaData().path("correlation_id").asText()).isEqualTo(generated));

        Api.Response unauthenticated = new Api(platform.baseUrl()).getWithHeader("/instances", "X-Request-Id", "anonymous-1");
        Api.assertProblem(unauthenticated, 401, "unauthenticated");
        assertThat(unauthenticated.headers().firstValue("X-Request-Id")).contains("anonymous-1");
        Api.Response missing = api.get("/nothing/here");
        Api.assertProblem(missing, 404, "not-found");
        assertThat(missing.headers().firstValue("X-Request-Id")).get().asString().matches(UUID_FORM);
    }

    @Test
    @Order(4)
    void a_stream_in_flight_when_the_platform_is_stopped_ends_and_its_usage_is_published_before_the_process_exits() throws Exception {
        Api.Response service = api.post("/model_services", Api.json(Map.of("name", SERVICE, "model_id", MODEL,
                "prompt_price_per_1k_eur", "0.0005", "completion_price_per_1k_eur", "0.0015")));
        assertThat(service.status()).as("%s", service.body()).isEqualTo(201);
        JsonNode streamingKey = api.post("/api_keys", Api.json(Map.of("name", "streams"))).body();
        String warmUpKey = api.post("/api_keys", Api.json(Map.of("name", "warm-up"))).body().path("key").asText();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertThat(api.get("/instances/" + instanceId).body()
                .path("status").asText()).as(platform::logTail).isEqualTo("READY"));
        await().atMost(Duration.ofSeconds(20)).until(() -> send(hello(warmUpKey)).statusCode() == 200);

        // 300 tokens at 100 a second: the stream is still going when the platform is told to stop
        CountDownLatch firstChunk = new CountDownLatch(1);
        CompletableFuture<List<String>> stream = HTTP.sendAsync(chat(streamingKey.path("key").asText(), "{\"model\":\"" + SERVICE
                        + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"ignore_eos\":true,\"max_tokens\":300,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell a long story\"}]}"), HttpResponse.BodyHandlers.ofLines())
                .thenApplyAsync(response -> {
                    List<String> read = new ArrayList<>();
                    response.body().forEach(line -> {
                        read.add(line);
                        if (line.startsWith("data: {")) {
                            firstChunk.countDown();
                        }
                    });
                    return read;
                });
        assertThat(firstChunk.await(30, TimeUnit.SECONDS)).isTrue();
        ProcessHandle running = ProcessHandle.of(platform.pid()).orElseThrow();
        assertThat(running.destroy()).as("SIGTERM sent").isTrue();
        assertThat(stream).as("stopped while the stream is in flight").isNotDone();

        // while it drains, the data plane turns new requests away
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> send(hello(warmUpKey)).statusCode() == 503);
        List<String> lines = stream.get(30, TimeUnit.SECONDS).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
        JsonNode usage = Api.JSON.readTree(lines.get(lines.size() - 2).substring("data: ".length())).path("usage");
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(300);
        running.onExit().get(60, TimeUnit.SECONDS);
        try (var journals = Files.list(platform.dataDir().resolve("usage-journal"))) {
            assertThat(journals.map(Path::getFileName).map(Path::toString)).as("no usage left to publish at the next start").isEmpty();
        }

        platform.start();
        Api restarted = Api.loggedIn(platform.baseUrl(), "admin", platform.adminPassword());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode totals = restarted.get("/usage?api_key_id=" + streamingKey.path("id").asText() + "&from=2000-01-01T00:00:00Z").body()
                    .path("totals");
            assertThat(totals.path("requests").asLong()).isEqualTo(1);
            assertThat(totals.path("completion_tokens").asLong()).isEqualTo(300);
            assertThat(totals.path("prompt_tokens").asLong()).isEqualTo(usage.path("prompt_tokens").asLong());
        });
    }

    private static void assertLine(JsonNode line, String thread, String message) {
        assertThat(line.path("process").path("thread").path("name").asText()).startsWith(thread);
        assertThat(line.path("message").asText()).startsWith(message);
    }

    /** The platform's log, one JSON object a line. */
    private static List<JsonNode> logLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(logFile())) {
            if (line.startsWith("{")) {
                lines.add(Api.JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The file the platform's output goes to, in its data directory. */
    private static Path logFile() throws IOException {
        try (var files = Files.list(platform.dataDir())) {
            return files.filter(file -> file.getFileName().toString().matches("platform.*\\.log")).findFirst().orElseThrow();
        }
    }

    private record StoredEvent(String type, JsonNode metaData) {}

    /** An aggregate's events as stored, each with its metadata. */
    private static List<StoredEvent> storedEvents(String aggregateId) throws Exception {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select payload_type, convert_from(meta_data, 'UTF8') from domain_event_entry "
                     + "where aggregate_identifier = ? order by sequence_number")) {
            query.setString(1, aggregateId);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    events.add(new StoredEvent(type.substring(type.lastIndexOf('.') + 1), Api.JSON.readTree(rows.getString(2))));
                }
            }
            return events;
        }
    }

    /** The platform's database, as its log names it: the embedded one's port, or the server it was given. */
    private static Connection database() throws Exception {
        for (JsonNode line : logLines()) {
            String message = line.path("message").asText();
            Matcher embedded = Pattern.compile("^Embedded PostgreSQL serves .* on port (\\d+)$").matcher(message);
            if (embedded.matches()) {
                return DriverManager.getConnection("jdbc:postgresql://localhost:" + embedded.group(1) + "/postgres", "postgres", "");
            }
            if (message.startsWith("Using PostgreSQL at ")) {
                String password = System.getenv("INVENTIV_TEST_DB_PASSWORD");
                return DriverManager.getConnection(message.substring("Using PostgreSQL at ".length()), System.getenv("INVENTIV_TEST_DB_USER"),
                        password == null ? "" : password);
            }
        }
        throw new IllegalStateException("the log does not say which database the platform uses");
    }

    private static HttpRequest chat(String key, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.dataPlanePort() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A short answer, not streamed. */
    private static HttpRequest hello(String key) {
        return chat(key, "{\"model\":\"" + SERVICE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}");
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The local machines' agents and engines outlive the platform by design: this test's own are stopped with it. */
    private static void stopLocalMachines() throws IOException {
        Path machines = platform.dataDir().resolve("local-cloud/machines");
        if (!Files.isDirectory(machines)) {
            return;
        }
        try (var each = Files.list(machines)) {
            for (Path machine : each.toList()) {
                for (String process : List.of("agent", "engine")) {
                    Path pidFile = machine.resolve(".inventiv/agent/" + process + ".pid");
                    if (Files.exists(pidFile)) {
                        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }
}
