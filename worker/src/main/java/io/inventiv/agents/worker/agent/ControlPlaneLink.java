package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of enrolment and heartbeats: enrols with the bootstrap token when it holds no
 * worker token, then sends a heartbeat every interval and one at once when asked (a readiness
 * change), rotates its token when the platform says so, and enrols again when its token is refused.
 */
final class ControlPlaneLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneLink.class);

    /** How long to wait before trying a refused bootstrap token again, or looking again for a missing one. */
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(30);

    /** What the last heartbeat came to: {@code ok}, {@code refused} (401) or {@code failed}. */
    record LastHeartbeat(Instant at, String outcome, String detail) {
    }

    private final ControlPlaneClient client;
    private final WorkerCredentials credentials;
    private final Function<String, WorkerApi.Registration> registration;
    private final Supplier<WorkerApi.Heartbeat> heartbeat;
    private final Clock clock;
    private final Semaphore beatNow = new Semaphore(0);
    private final Map<String, LongAdder> heartbeats = new ConcurrentHashMap<>();

    private volatile Duration interval;
    private volatile Instant enrolledAt;
    private volatile LastHeartbeat lastHeartbeat;
    private volatile boolean closed;
    private Thread loop;
    private boolean failing;

    /**
     * @param registration the registration to send with a bootstrap token, read from its file at each attempt
     */
    ControlPlaneLink(ControlPlaneClient client, WorkerCredentials credentials,
                     Function<String, WorkerApi.Registration> registration, Supplier<WorkerApi.Heartbeat> heartbeat,
                     Duration interval, Clock clock) {
        this.client = client;
        this.credentials = credentials;
        this.registration = registration;
        this.heartbeat = heartbeat;
        this.interval = interval;
        this.clock = clock;
        for (String outcome : new String[] {"ok", "refused", "failed"}) {
            heartbeats.put(outcome, new LongAdder());
        }
    }

    void start() {
        loop = Thread.ofVirtual().name("control-plane").start(this::run);
    }

    /** Sends a heartbeat now rather than at the end of the interval. */
    void beatNow() {
        beatNow.release();
    }

    boolean enrolled() {
        return credentials.workerToken().isPresent();
    }

    /** When this run of the agent enrolled; empty if it uses a token saved by an earlier run or is not enrolled. */
    Optional<Instant> enrolledAt() {
        return Optional.ofNullable(enrolledAt);
    }

    Optional<LastHeartbeat> lastHeartbeat() {
        return Optional.ofNullable(lastHeartbeat);
    }

    Map<String, Long> heartbeatCounts() {
        return Map.of("ok", heartbeats.get("ok").sum(), "refused", heartbeats.get("refused").sum(),
                "failed", heartbeats.get("failed").sum());
    }

    Duration interval() {
        return interval;
    }

    private void run() {
        while (!closed) {
            try {
                Optional<String> saved = credentials.workerToken();
                beat(saved.isPresent() ? saved.get() : enrol());
                if (credentials.workerToken().isPresent()) {
                    // a refused token is replaced at once, not one interval later
                    beatNow.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                    beatNow.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Heartbeat loop failed; going on after {} s", REFUSED_RETRY.toSeconds(), e);
                if (!pause(REFUSED_RETRY)) {
                    return;
                }
            }
        }
    }

    private String enrol() throws InterruptedException {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        boolean reportedMissing = false;
        while (true) {
            Optional<String> bootstrapToken = credentials.bootstrapToken();
            if (bootstrapToken.isEmpty()) {
                if (!reportedMissing) {
                    log.warn("Not enrolled and no bootstrap token in {}; looking again every {} s",
                            credentials.bootstrapTokenFile(), REFUSED_RETRY.toSeconds());
                    reportedMissing = true;
                }
                sleep(REFUSED_RETRY);
                continue;
            }
            reportedMissing = false;
            switch (client.register(registration.apply(bootstrapToken.get()))) {
                case ControlPlaneClient.Reply.Accepted<WorkerApi.Enrolled> accepted -> {
                    return enrolled(accepted.body(), bootstrapToken.get());
                }
                case ControlPlaneClient.Reply.Unauthorized<WorkerApi.Enrolled> refused -> {
                    log.warn("The platform refused the bootstrap token (401); trying again in {} s",
                            REFUSED_RETRY.toSeconds());
                    sleep(REFUSED_RETRY);
                }
                case ControlPlaneClient.Reply.Rejected<WorkerApi.Enrolled> rejected -> {
                    log.warn("The platform rejected the enrolment (HTTP {}: {}); trying again in {} s",
                            rejected.status(), rejected.detail(), REFUSED_RETRY.toSeconds());
                    sleep(REFUSED_RETRY);
                }
                case ControlPlaneClient.Reply.Failed<WorkerApi.Enrolled> failed -> {
                    Duration wait = backoff.next();
                    log.warn("Cannot enrol ({}); trying again in {} s", failed.reason(), wait.toSeconds());
                    sleep(wait);
                }
            }
        }
    }

    private String enrolled(WorkerApi.Enrolled answer, String bootstrapToken) {
        credentials.saveWorkerToken(answer.workerToken());
        enrolledAt = clock.instant();
        try {
            credentials.consumeBootstrapToken(bootstrapToken);
        } catch (IOException e) {
            log.warn("Enrolled, but cannot delete the bootstrap token file {}: {}", credentials.bootstrapTokenFile(),
                    e.getMessage());
        }
        follow(answer.heartbeatIntervalSeconds());
        log.info("Enrolled; heartbeats every {} s", interval.toMillis() / 1000.0);
        return answer.workerToken();
    }

    private void beat(String token) {
        switch (client.heartbeat(token, heartbeat.get())) {
            case ControlPlaneClient.Reply.Accepted<WorkerApi.HeartbeatAnswer> accepted -> {
                outcome("ok", "");
                if (failing) {
                    log.info("Heartbeats are answered again");
                    failing = false;
                }
                follow(accepted.body().heartbeatIntervalSeconds());
                if (accepted.body().rotateToken()) {
                    rotate(token);
                }
            }
            case ControlPlaneClient.Reply.Unauthorized<WorkerApi.HeartbeatAnswer> refused -> {
                outcome("refused", "HTTP 401");
                refused("heartbeat");
            }
            case ControlPlaneClient.Reply.Rejected<WorkerApi.HeartbeatAnswer> rejected ->
                    failed("HTTP " + rejected.status() + ": " + rejected.detail());
            case ControlPlaneClient.Reply.Failed<WorkerApi.HeartbeatAnswer> failed -> failed(failed.reason());
        }
    }

    private void rotate(String token) {
        switch (client.rotate(token)) {
            case ControlPlaneClient.Reply.Accepted<WorkerApi.Rotated> rotated -> {
                credentials.saveWorkerToken(rotated.body().workerToken());
                log.info("Rotated the worker token as the platform asked");
            }
            case ControlPlaneClient.Reply.Unauthorized<WorkerApi.Rotated> refused -> refused("rotation");
            case ControlPlaneClient.Reply.Rejected<WorkerApi.Rotated> rejected ->
                    log.warn("The platform rejected the token rotation (HTTP {}: {}); keeping the token",
                            rejected.status(), rejected.detail());
            case ControlPlaneClient.Reply.Failed<WorkerApi.Rotated> failed ->
                    log.warn("Cannot rotate the worker token ({}); keeping it until asked again", failed.reason());
        }
    }

    private void refused(String call) {
        log.warn("The platform refused the worker token on {} (401); forgetting it and enrolling again", call);
        try {
            credentials.forgetWorkerToken();
        } catch (UncheckedIOException e) {
            log.error("Cannot delete the refused worker token: {}", e.getMessage());
        }
        enrolledAt = null;
    }

    private void failed(String reason) {
        outcome("failed", reason);
        if (!failing) {
            log.warn("Heartbeat not answered ({}); going on every {} s", reason, interval.toMillis() / 1000.0);
            failing = true;
        }
    }

    private void outcome(String outcome, String detail) {
        heartbeats.get(outcome).increment();
        lastHeartbeat = new LastHeartbeat(clock.instant(), outcome, detail);
    }

    private void follow(Double intervalSeconds) {
        if (intervalSeconds != null && intervalSeconds > 0) {
            interval = Duration.ofMillis(Math.round(intervalSeconds * 1000));
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    private boolean pause(Duration duration) {
        try {
            sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
