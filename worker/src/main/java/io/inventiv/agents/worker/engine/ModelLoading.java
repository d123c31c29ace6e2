package io.inventiv.agents.worker.engine;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stands for vLLM's start-up (weights, KV-cache profiling, CUDA graphs): blocks the application's
 * start for the load time before the web server binds its port. Until then a client's connection is
 * refused, which a supervisor reads as "still starting", exactly as with a real engine that is not
 * accepting yet.
 */
final class ModelLoading implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelLoading.class);
    /**
     * Below the phase in which Spring Boot starts the web server and binds the port
     * ({@code SmartLifecycle.DEFAULT_PHASE - 2048}), so the port opens only once loading is over.
     */
    private static final int BEFORE_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final String model;
    private final Duration loadTime;
    private volatile boolean loaded;

    ModelLoading(String model, Duration loadTime) {
        this.model = model;
        this.loadTime = loadTime;
    }

    @Override
    public void start() {
        log.info("Loading weights of {} (simulated, {} ms)", model, loadTime.toMillis());
        // Spring's own shutdown hook would wait for the start-up to finish; a real engine stops
        // loading at once on SIGTERM, so a supervisor can give up on a slow start without killing.
        Thread loader = Thread.currentThread();
        Thread abandon = new Thread(loader::interrupt, "abandon-model-loading");
        Runtime.getRuntime().addShutdownHook(abandon);
        try {
            Thread.sleep(loadTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while loading " + model, e);
        } finally {
            removeShutdownHook(abandon);
        }
        loaded = true;
        log.info("Model loading took {} seconds", loadTime.toMillis() / 1000.0);
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook has run or is running: nothing to undo
        }
    }

    @Override
    public void stop() {
        loaded = false;
    }

    @Override
    public boolean isRunning() {
        return loaded;
    }

    @Override
    public int getPhase() {
        return BEFORE_WEB_SERVER;
    }
}
