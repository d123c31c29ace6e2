package io.inventiv.agents.command.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.telemetry.InstanceMetrics;
import io.inventiv.agents.api.telemetry.WatchInstanceMetrics;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.inventiv.agents.support.storage.SubscriptionUpdates;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Heartbeats for their watchers ({@link WatchInstanceMetrics}), against PostgreSQL: a watcher starts from the last beat, asked over
 * the query bus; each beat recorded is then pushed to the watchers of its instance only, once. (The push itself, through the stream,
 * is tested on the query side, which carries the subscriptions.)
 */
@SpringBootTest(classes = HeartbeatWatchersTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class HeartbeatWatchersTest {

    @SpringBootApplication
    static class App {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("heartbeat-watchers").toString();
        registry.add("inventiv.data.dir", () -> dir);
    }

    @Autowired QueryGateway queries;
    @Autowired Telemetry telemetry;
    @Autowired JdbcTemplate jdbc;

    private static Heartbeat beat(double gpu, int running, int waiting, long generated) {
        return new Heartbeat(9100, 9200, new Heartbeat.Readiness(true, true, true), new Heartbeat.Engine("simulated", true, 42L, 0),
                new Heartbeat.Metrics(gpu, running, waiting, 0.25, 0.12, 1000L, generated));
    }

    private List<InstanceMetrics> lastBeat(InstanceId instance) {
        return queries.query(new WatchInstanceMetrics(instance), ResponseTypes.multipleInstancesOf(InstanceMetrics.class)).join();
    }

    @Test
    void a_watcher_starts_from_the_last_beat_of_its_instance() {
        InstanceId instance = InstanceId.random();
        assertThat(lastBeat(instance)).as("no beat yet").isEmpty();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        telemetry.record(instance, at.minusSeconds(5), beat(0.1, 0, 0, 10));
        telemetry.record(instance, at, beat(0.42, 3, 1, 2048));
        telemetry.record(InstanceId.random(), at.plusSeconds(1), beat(0.9, 9, 9, 99));

        assertThat(lastBeat(instance)).containsExactly(new InstanceMetrics(instance, at, true, true, true, true, 0, 0.42, 3, 1, 0.25, 0.12,
                1000L, 2048L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_recorded_beat_is_pushed_once_to_the_watchers_of_its_instance_only() {
        QueryUpdateEmitter updates = mock(QueryUpdateEmitter.class);
        Telemetry recording = new Telemetry(jdbc, SubscriptionUpdates.thisNodeOnly(updates));
        InstanceId instance = InstanceId.random();
        Instant at = Instant.now().plusNanos(123);

        recording.record(instance, at, beat(0.42, 3, 1, 2048));

        ArgumentCaptor<Predicate<WatchInstanceMetrics>> watchers = ArgumentCaptor.forClass(Predicate.class);
        ArgumentCaptor<InstanceMetrics> pushed = ArgumentCaptor.forClass(InstanceMetrics.class);
        verify(updates).emit(eq(WatchInstanceMetrics.class), watchers.capture(), pushed.capture());
        assertThat(pushed.getValue()).as("as stored, to the microsecond").isEqualTo(new InstanceMetrics(instance, at.truncatedTo(ChronoUnit.MICROS),
                true, true, true, true, 0, 0.42, 3, 1, 0.25, 0.12, 1000L, 2048L));
        assertThat(watchers.getValue().test(new WatchInstanceMetrics(instance))).isTrue();
        assertThat(watchers.getValue().test(new WatchInstanceMetrics(InstanceId.random()))).isFalse();

        QueryUpdateEmitter again = mock(QueryUpdateEmitter.class);
        new Telemetry(jdbc, SubscriptionUpdates.thisNodeOnly(again)).record(instance, at, beat(0.42, 3, 1, 2048));
        verify(again, never()).emit(eq(WatchInstanceMetrics.class), any(Predicate.class), any());
    }
}
