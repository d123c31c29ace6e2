package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessWatchTest {

    /** An engine that answers each question as the test says, counting the questions. */
    private static final class ScriptedEngine implements EngineProbe {
        boolean healthy;
        boolean serves;
        boolean answers;
        final AtomicInteger modelQuestions = new AtomicInteger();
        final AtomicInteger warmUps = new AtomicInteger();

        @Override
        public boolean healthy(int port) {
            return healthy;
        }

        @Override
        public boolean serves(int port, String servedModelName) {
            modelQuestions.incrementAndGet();
            return serves && servedModelName.equals("sim");
        }

        @Override
        public boolean answersOneToken(int port, String servedModelName) {
            warmUps.incrementAndGet();
            return answers;
        }
    }

    private final ScriptedEngine engine = new ScriptedEngine();
    private Optional<EngineProcess> process = Optional.of(process(1));
    private final List<Readiness> changes = new ArrayList<>();
    private final ReadinessWatch watch = new ReadinessWatch(() -> process, engine, "sim",
            () -> changes.add(currentReadiness()));

    @Test
    void each_check_is_made_only_once_the_one_before_holds() {
        watch.check();
        assertThat(watch.current()).isEqualTo(Readiness.NONE);
        assertThat(engine.modelQuestions).hasValue(0);

        engine.healthy = true;
        watch.check();
        assertThat(watch.current()).isEqualTo(new Readiness(true, false, false));
        assertThat(engine.warmUps).hasValue(0);

        engine.serves = true;
        watch.check();
        assertThat(watch.current()).isEqualTo(new Readiness(true, true, false));

        engine.answers = true;
        watch.check();
        assertThat(watch.current().ready()).isTrue();
        assertThat(changes).containsExactly(new Readiness(true, false, false), new Readiness(true, true, false),
                new Readiness(true, true, true));
    }

    @Test
    void checks_that_hold_are_not_asked_again_while_health_holds() {
        engine.healthy = engine.serves = engine.answers = true;
        watch.check();
        watch.check();
        watch.check();

        assertThat(engine.modelQuestions).hasValue(1);
        assertThat(engine.warmUps).hasValue(1);
        assertThat(changes).hasSize(1);
    }

    @Test
    void a_failed_health_check_clears_all_three_and_they_are_earned_again() {
        engine.healthy = engine.serves = engine.answers = true;
        watch.check();

        engine.healthy = false;
        watch.check();
        assertThat(watch.current()).isEqualTo(Readiness.NONE);

        engine.healthy = true;
        watch.check();
        assertThat(watch.current().ready()).isTrue();
        assertThat(engine.modelQuestions).hasValue(2);
        assertThat(engine.warmUps).hasValue(2);
    }

    @Test
    void a_new_engine_process_earns_them_again_and_no_engine_holds_none() {
        engine.healthy = engine.serves = engine.answers = true;
        watch.check();

        process = Optional.of(process(2));
        engine.answers = false;
        watch.check();
        assertThat(watch.current()).isEqualTo(new Readiness(true, true, false));

        process = Optional.empty();
        watch.check();
        assertThat(watch.current()).isEqualTo(Readiness.NONE);
    }

    private Readiness currentReadiness() {
        return watch.current();
    }

    private static EngineProcess process(long generation) {
        return new EngineProcess(ProcessHandle.current(), null, 8000, List.of("engine"), false, Instant.EPOCH,
                generation);
    }
}
