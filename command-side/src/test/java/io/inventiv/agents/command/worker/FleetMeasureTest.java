package io.inventiv.agents.command.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.FleetLoad.InstanceLoad;
import io.inventiv.agents.api.telemetry.MeasureFleet;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link MeasureFleet} asked over the query bus, as the autoscaler and the drain of an instance ask it, answered from heartbeats
 * stored in PostgreSQL. Each test has instances of its own; times are counted back from now so that the heartbeat watch, which
 * forgets telemetry past its retention, leaves them alone.
 */
@SpringBootTest(classes = FleetMeasureTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class FleetMeasureTest {

    @SpringBootApplication
    static class App {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("fleet-measure").toString();
        registry.add("inventiv.data.dir", () -> dir);
    }

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired QueryGateway queries;
    @Autowired JdbcTemplate jdbc;

    /** Means over the last minute, peaks over the last five, activity looked for over the last fifteen. */
    private FleetLoad measure(List<InstanceId> instances) {
        return queries.query(new MeasureFleet(instances, ago(60), ago(300), ago(900)), FleetLoad.class).join();
    }

    private static Instant ago(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    private void beat(InstanceId instance, long secondsAgo, Integer running, Integer waiting, Double kvCache, Double ttftSeconds,
                      Long promptTokens, Long generatedTokens) {
        jdbc.update("insert into telemetry.worker_heartbeats (instance_id, received_at, engine_http_up, model_loaded, warmed_up, "
                        + "requests_running, requests_waiting, kv_cache_usage, time_to_first_token_seconds, prompt_tokens_total, "
                        + "generation_tokens_total) values (?, ?, true, true, true, ?, ?, ?, ?, ?, ?)",
                instance.value(), Timestamp.from(ago(secondsAgo)), running, waiting, kvCache, ttftSeconds, promptTokens, generatedTokens);
    }

    /** Two instances with beats before, inside the peak window and inside the recent window. */
    private void twoInstances(InstanceId a, InstanceId b) {
        beat(a, 1000, 5, 9, 0.99, 9.0, 10L, 20L);      // before every window
        beat(a, 280, 2, 6, 0.6, 0.8, 100L, 200L);      // peak window only
        beat(a, 200, 1, 3, 0.5, 0.6, 150L, 260L);
        beat(a, 50, 1, 2, 0.4, 0.3, 150L, 300L);       // recent window
        beat(a, 10, 3, 1, 0.2, 0.2, 180L, 400L);       // its last beat, with work
        beat(b, 400, 3, 8, 0.9, 2.0, 400L, 800L);      // before the peak window, inside the activity window
        beat(b, 100, 2, 1, 0.7, 1.5, 500L, 900L);      // peak window only
        beat(b, 30, 1, 4, 0.8, 1.0, 600L, 1000L);      // recent window
        beat(b, 5, 0, 0, 0.3, 0.5, 600L, 1000L);       // its last beat: nothing running or queued, no token since
    }

    @Test
    void each_instance_has_its_last_beat_its_means_since_the_recent_mark_and_its_peaks_since_the_peak_mark() {
        InstanceId a = InstanceId.random();
        InstanceId b = InstanceId.random();
        InstanceId silent = InstanceId.random();
        twoInstances(a, b);

        FleetLoad load = measure(List.of(a, b, silent));

        assertThat(load.instances()).extracting(InstanceLoad::instanceId).containsExactlyInAnyOrder(a, b);
        InstanceLoad first = load.instances().stream().filter(l -> l.instanceId().equals(a)).findFirst().orElseThrow();
        assertThat(first.lastBeatAt()).isEqualTo(ago(10));
        assertThat(first.running()).isEqualTo(3);
        assertThat(first.waiting()).isEqualTo(1);
        assertThat(first.meanWaiting()).isCloseTo((2 + 1) / 2.0, within(1e-9));
        assertThat(first.meanKvCache()).isCloseTo((0.4 + 0.2) / 2, within(1e-9));
        assertThat(first.peakWaiting()).isEqualTo(6.0);
        assertThat(first.peakKvCache()).isEqualTo(0.6);

        InstanceLoad second = load.instances().stream().filter(l -> l.instanceId().equals(b)).findFirst().orElseThrow();
        assertThat(second.lastBeatAt()).isEqualTo(ago(5));
        assertThat(second.running()).isZero();
        assertThat(second.waiting()).isZero();
        assertThat(second.meanWaiting()).isCloseTo((4 + 0) / 2.0, within(1e-9));
        assertThat(second.meanKvCache()).isCloseTo((0.8 + 0.3) / 2, within(1e-9));
        assertThat(second.peakWaiting()).as("the 8 queued before the peak mark is not a peak").isEqualTo(4.0);
        assertThat(second.peakKvCache()).isEqualTo(0.8);
    }

    @Test
    void the_time_to_first_token_p95_is_interpolated_over_the_beats_of_every_instance_in_each_window() {
        InstanceId a = InstanceId.random();
        InstanceId b = InstanceId.random();
        twoInstances(a, b);
        beat(b, 20, 1, 0, 0.3, null, 610L, 1010L);     // no first token in this beat: not a sample

        FleetLoad load = measure(List.of(a, b));

        // recent: 0.2, 0.3, 0.5, 1.0; the 95th percentile lies at 0.95 × 3 = 2.85, between 0.5 and 1.0
        assertThat(load.ttftP95Seconds()).isCloseTo(0.5 + 0.85 * (1.0 - 0.5), within(1e-9));
        // peak: 0.2, 0.3, 0.5, 0.6, 0.8, 1.0, 1.5 (not the 2.0 nor the 9.0 before the mark); at 0.95 × 6 = 5.7, between 1.0 and 1.5
        assertThat(load.peakTtftP95Seconds()).isCloseTo(1.0 + 0.7 * (1.5 - 1.0), within(1e-9));
    }

    @Test
    void the_last_activity_is_the_last_beat_with_requests_running_or_queued() {
        InstanceId a = InstanceId.random();
        InstanceId b = InstanceId.random();
        twoInstances(a, b);

        // b's beat 5 s ago is later, but shows no work and the same token counts as the beat before it
        assertThat(measure(List.of(a, b)).lastActiveAt()).isEqualTo(ago(10));
        assertThat(measure(List.of(b)).lastActiveAt()).isEqualTo(ago(30));
    }

    @Test
    void tokens_counted_since_the_beat_before_are_activity_even_with_nothing_running_or_queued_at_the_beat() {
        InstanceId quick = InstanceId.random();
        beat(quick, 60, 0, 0, 0.0, null, 10L, 10L);
        beat(quick, 40, 0, 0, 0.0, 0.1, 12L, 10L);     // a request came and went between two beats: prompt tokens grew
        beat(quick, 20, 0, 0, 0.0, 0.1, 12L, 25L);     // and its answer: generated tokens grew
        beat(quick, 10, 0, 0, 0.0, null, 12L, 25L);    // nothing since

        assertThat(measure(List.of(quick)).lastActiveAt()).isEqualTo(ago(20));

        InstanceId promptOnly = InstanceId.random();
        beat(promptOnly, 60, 0, 0, 0.0, null, 10L, 10L);
        beat(promptOnly, 40, 0, 0, 0.0, 0.1, 12L, 10L);
        beat(promptOnly, 20, 0, 0, 0.0, null, 12L, 10L);

        assertThat(measure(List.of(promptOnly)).lastActiveAt()).isEqualTo(ago(40));
    }

    @Test
    void work_before_the_activity_mark_is_not_activity() {
        InstanceId idle = InstanceId.random();
        beat(idle, 1000, 4, 2, 0.5, 0.4, 100L, 100L);
        beat(idle, 30, 0, 0, 0.0, null, 100L, 100L);
        beat(idle, 10, 0, 0, 0.0, null, 100L, 100L);

        FleetLoad load = measure(List.of(idle));

        assertThat(load.lastActiveAt()).isNull();
        assertThat(load.instances()).singleElement().satisfies(l -> {
            assertThat(l.lastBeatAt()).isEqualTo(ago(10));
            assertThat(l.peakWaiting()).isZero();
        });
    }

    @Test
    void no_instance_asked_about_measures_nothing() {
        assertThat(measure(List.of())).isEqualTo(new FleetLoad(List.of(), null, null, null));
    }

    @Test
    void instances_that_never_beat_measure_nothing() {
        InstanceId other = InstanceId.random();
        beat(other, 10, 3, 3, 0.5, 0.4, 100L, 200L);

        assertThat(measure(List.of(InstanceId.random(), InstanceId.random()))).isEqualTo(new FleetLoad(List.of(), null, null, null));
    }
}
