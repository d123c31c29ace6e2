package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.MarkInstanceUnreachable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for READY instances whose worker fell silent and marks them UNREACHABLE; and forgets
 * telemetry past its retention. Runs as a recurring task, on one node at a time. A node that has just
 * started judges no silence until it has listened as long as a silence must last.
 */
class HeartbeatWatch {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWatch.class);
    private static final Actor WATCH = Actor.system("heartbeat-watch");
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final WorkerRegistry registry;
    private final Telemetry telemetry;
    private final CommandGateway commands;
    private final WorkerSettings settings;
    private final Clock clock;
    private Instant lastPurge = Instant.EPOCH;
    /** Workers could not be heard while the platform was down: a silence counts only from when this node could hear. */
    private final Instant listeningSince;

    HeartbeatWatch(WorkerRegistry registry, Telemetry telemetry, CommandGateway commands, WorkerSettings settings, Clock clock) {
        this.registry = registry;
        this.telemetry = telemetry;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.listeningSince = clock.instant();
    }

    void check() {
        Instant now = clock.instant();
        Instant silentSince = now.minus(settings.unreachableAfter());
        for (WorkerRegistry.Silent silent : listeningSince.isAfter(silentSince) ? List.<WorkerRegistry.Silent>of()
                : registry.silentSince(silentSince)) {
            long seconds = Duration.between(silent.lastHeartbeatAt(), now).toSeconds();
            try {
                commands.sendAndWait(new MarkInstanceUnreachable(silent.instanceId(),
                        "no heartbeat from the worker for " + seconds + " s (limit " + settings.unreachableAfter().toSeconds() + " s)",
                        silent.lastHeartbeatAt(), WATCH));
            } catch (RuntimeException e) {
                log.warn("Could not mark instance {} unreachable: {}", silent.instanceId(), e.getMessage());
            }
        }
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
            lastPurge = now;
            int forgotten = telemetry.forgetBefore(now.minus(settings.telemetryRetention()));
            if (forgotten > 0) {
                log.info("Forgot {} heartbeats older than {}", forgotten, settings.telemetryRetention());
            }
        }
    }
}
