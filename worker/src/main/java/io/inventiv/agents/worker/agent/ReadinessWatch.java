package io.inventiv.agents.worker.agent;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the engine's readiness every second, each check only once the one before holds: its HTTP
 * server answers {@code /health}, it lists the served model, a one-token completion succeeds. A
 * failed {@code /health} clears all three; a new engine process earns them again.
 */
final class ReadinessWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadinessWatch.class);

    private final Supplier<Optional<EngineProcess>> running;
    private final EngineProbe engine;
    private final String servedModelName;
    private final Runnable onChange;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("readiness").daemon().factory());

    private volatile Readiness readiness = Readiness.NONE;
    private long checkedGeneration = -1;

    /**
     * @param running  the engine process running, if any
     * @param onChange called after each change, on the checking thread
     */
    ReadinessWatch(Supplier<Optional<EngineProcess>> running, EngineProbe engine, String servedModelName,
                   Runnable onChange) {
        this.running = running;
        this.engine = engine;
        this.servedModelName = servedModelName;
        this.onChange = onChange;
    }

    void start() {
        checks.scheduleWithFixedDelay(this::check, 0, 1, TimeUnit.SECONDS);
    }

    Readiness current() {
        return readiness;
    }

    void check() {
        try {
            update(next(running.get()));
        } catch (RuntimeException e) {
            log.error("Readiness check failed", e);
        }
    }

    private Readiness next(Optional<EngineProcess> engineProcess) {
        if (engineProcess.isEmpty()) {
            return Readiness.NONE;
        }
        EngineProcess process = engineProcess.get();
        Readiness earned = process.generation() == checkedGeneration ? readiness : Readiness.NONE;
        checkedGeneration = process.generation();
        if (!engine.healthy(process.port())) {
            return Readiness.NONE;
        }
        boolean modelLoaded = earned.modelLoaded() || engine.serves(process.port(), servedModelName);
        boolean warmedUp = modelLoaded
                && (earned.warmedUp() || engine.answersOneToken(process.port(), servedModelName));
        return new Readiness(true, modelLoaded, warmedUp);
    }

    private void update(Readiness next) {
        Readiness previous = readiness;
        if (next.equals(previous)) {
            return;
        }
        readiness = next;
        log.info("Readiness: engine_http_up={}, model_loaded={}, warmed_up={}", next.engineHttpUp(),
                next.modelLoaded(), next.warmedUp());
        onChange.run();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
