package io.inventiv.agents.provider.scaleway.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Everything the fake cloud holds. It is also the one lock: every API call, delayed transition and
 * test control runs while holding it, so the model classes need no locking of their own.
 */
final class CloudState {

    static final Duration DEFAULT_DELAY = Duration.ofMillis(200);

    final Map<String, FakeServer> servers = new LinkedHashMap<>();
    final Map<String, FakeVolume> volumes = new LinkedHashMap<>();
    final LocalImages images = new LocalImages();
    final String projectId;
    Catalog catalog = Catalog.seeded();
    AddressPool addresses = new AddressPool();
    Duration bootDelay = DEFAULT_DELAY;
    Duration volumeDelay = DEFAULT_DELAY;
    boolean stuckStarting;
    MachineHost host = MachineHost.NONE;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-scaleway-timer").factory());
    private final ExecutorService hostEvents = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fake-scaleway-host").factory());
    private long sequence;

    CloudState(String projectId) {
        this.projectId = projectId;
    }

    /** Creation order, to sort lists whose clock readings may tie. */
    long nextSequence() {
        return ++sequence;
    }

    Instant now() {
        return Instant.now();
    }

    /** Runs {@code change} later, holding the lock. */
    void after(Duration delay, Runnable change) {
        timers.schedule(() -> {
            synchronized (this) {
                change.run();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Queues a call to the machine host; queued calls run in order, away from the lock. */
    void tell(Consumer<MachineHost> event) {
        MachineHost target = host;
        hostEvents.execute(() -> {
            try {
                event.accept(target);
            } catch (RuntimeException e) {
                System.err.println("fake Scaleway machine host failed: " + e);
            }
        });
    }

    void reset() {
        servers.values().forEach(server -> tell(h -> h.deleted(server.zone, server.id)));
        servers.clear();
        volumes.clear();
        catalog = Catalog.seeded();
        addresses = new AddressPool();
        bootDelay = DEFAULT_DELAY;
        volumeDelay = DEFAULT_DELAY;
        stuckStarting = false;
    }

    void close() {
        timers.shutdownNow();
        hostEvents.shutdown();
    }
}
