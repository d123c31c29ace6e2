package io.inventiv.agents.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.telemetry.InstanceMetrics;
import io.inventiv.agents.api.telemetry.WatchInstanceMetrics;
import io.inventiv.agents.query.replay.ProcessorStatus;
import io.inventiv.agents.support.security.CallerResolver;
import io.inventiv.agents.support.security.TestCallers;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Topics of /events/stream, over HTTP against PostgreSQL.
 * {@code metrics}: a heartbeat of the watched instance reaches the open stream as it is recorded, one of another instance does
 * not. The telemetry side (the command side, which stores the beats) is stood in for by a component that answers and updates
 * the same subscription query the same way.
 * {@code processors}: the event processors as they stand, then again when one moves.
 */
@SpringBootTest(classes = EventStreamTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class EventStreamTest {

    @SpringBootApplication
    @Import(ProcessorStatus.class)
    static class App {

        @Bean
        CallerResolver callers() {
            return TestCallers.everyoneIsPlatformAdmin();
        }
    }

    /** Answers watchers with the last beat it was given, and pushes each new beat to the watchers of its instance. */
    @Component
    static class Heartbeats {

        private final QueryUpdateEmitter updates;
        private final Map<InstanceId, InstanceMetrics> last = new ConcurrentHashMap<>();

        Heartbeats(QueryUpdateEmitter updates) {
            this.updates = updates;
        }

        @QueryHandler
        List<InstanceMetrics> handle(WatchInstanceMetrics q) {
            InstanceMetrics beat = last.get(q.instanceId());
            return beat == null ? List.of() : List.of(beat);
        }

        void received(InstanceMetrics beat) {
            last.put(beat.instanceId(), beat);
            updates.emit(WatchInstanceMetrics.class, q -> q.watches(beat.instanceId()), beat);
        }
    }

    /** A projection of its own, so that the node has a processor to follow. */
    @Component
    @ProcessingGroup("stream-test")
    static class Projection {

        @EventHandler
        void on(Noted event) {
            // read, nothing kept: only its position matters here
        }
    }

    record Noted(String what) {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("metrics-stream").toString();
        registry.add("inventiv.data.dir", () -> dir);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;
    @Autowired Heartbeats heartbeats;
    @Autowired JdbcTemplate jdbc;
    @Autowired EventBus events;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Stream<String> stream;

    @AfterEach
    void closeStream() {
        if (stream != null) {
            stream.close();
        }
    }

    private InstanceId instance() {
        InstanceId id = InstanceId.random();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into instances (id, model_id, instance_type_id, zone_id, provider_id, provider_code, zone_code, instance_type_code, "
                        + "data_volume_gb, status, progress, requested_by, created_at, updated_at, version) "
                        + "values (?, 'meta-llama/Llama-3.1-8B-Instruct', ?, ?, ?, 'local', 'local-eu-1', 'L4-1-24G', 40, 'READY', 100, 'test', ?, ?, 1)",
                id.value(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), now, now);
        return id;
    }

    private static InstanceMetrics beat(InstanceId instance, double gpu, int running, int waiting, long generated) {
        return new InstanceMetrics(instance, Instant.now().truncatedTo(ChronoUnit.MICROS), true, true, true, true, 0, gpu, running, waiting, 0.25,
                0.12, 1000L, generated);
    }

    private HttpResponse<Stream<String>> open(String query) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events/stream?" + query))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        stream = response.body();
        Thread.ofVirtual().start(() -> stream.forEach(lines::add));
        return response;
    }

    /** The data of the next event of this name, skipping the others. */
    private JsonNode next(String event) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean named = false;
        while (System.nanoTime() < until) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event:")) {
                named = line.substring(6).trim().equals(event);
            } else if (named && line.startsWith("data:")) {
                return JSON.readTree(line.substring(5));
            }
        }
        throw new AssertionError("no " + event + " event within 10 s");
    }

    @Test
    void a_heartbeat_of_the_watched_instance_reaches_the_stream_and_one_of_another_instance_does_not() throws Exception {
        InstanceId watched = instance();
        InstanceId other = instance();
        assertThat(open("topics=metrics&instance_id=" + watched).statusCode()).isEqualTo(200);
        next("ready");

        heartbeats.received(beat(other, 0.99, 9, 9, 99));
        InstanceMetrics beat = beat(watched, 0.42, 3, 1, 2048);
        heartbeats.received(beat);

        JsonNode pushed = next("metrics");
        assertThat(pushed.path("instance_id").asText()).isEqualTo(watched.toString());
        assertThat(pushed.path("gpu_utilization").asDouble()).isEqualTo(0.42);
        assertThat(pushed.path("requests_running").asInt()).isEqualTo(3);
        assertThat(pushed.path("requests_waiting").asInt()).isEqualTo(1);
        assertThat(pushed.path("generation_tokens_total").asLong()).isEqualTo(2048);
        assertThat(Instant.parse(pushed.path("at").asText())).isEqualTo(beat.at());
    }

    @Test
    void with_a_snapshot_the_last_heartbeat_comes_first() throws Exception {
        InstanceId watched = instance();
        heartbeats.received(beat(watched, 0.7, 1, 0, 10));

        open("topics=metrics&snapshot=true&instance_id=" + watched);

        assertThat(next("metrics").path("gpu_utilization").asDouble()).isEqualTo(0.7);
        next("ready");
    }

    @Test
    void the_metrics_topic_follows_one_instance_that_exists() throws Exception {
        HttpResponse<String> without = refused("topics=metrics");
        assertThat(without.statusCode()).isEqualTo(400);
        assertThat(without.body()).contains("instance_id");

        HttpResponse<String> unknown = refused("topics=instances,metrics&instance_id=" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("not-found");
    }

    @Test
    void the_processors_topic_sends_the_processors_then_again_when_one_moves() throws Exception {
        assertThat(open("topics=processors").statusCode()).isEqualTo(200);
        JsonNode first = processor(next("processors"), "stream-test");
        assertThat(first.path("supports_replay").asBoolean()).isTrue();

        events.publish(GenericEventMessage.asEventMessage(new Noted("moved")));

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode moved = first;
        while (moved.path("segments").path(0).path("position").asLong(-1) <= first.path("segments").path(0).path("position").asLong(-1)
                && System.nanoTime() < until) {
            moved = processor(next("processors"), "stream-test");
        }
        assertThat(moved.path("segments").path(0).path("position").asLong())
                .isGreaterThan(first.path("segments").path(0).path("position").asLong(-1));
        assertThat(moved.path("head_position").asLong()).isEqualTo(moved.path("segments").path(0).path("position").asLong());
    }

    private static JsonNode processor(JsonNode all, String name) {
        for (JsonNode p : all) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name + " in " + all);
    }

    private HttpResponse<String> refused(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events/stream?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
