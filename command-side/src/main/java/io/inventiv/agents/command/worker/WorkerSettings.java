package io.inventiv.agents.command.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the platform hears its workers.
 *
 * @param heartbeatInterval  how often a worker is asked to send a heartbeat
 * @param unreachableAfter   silence after which a READY instance is UNREACHABLE
 * @param checkInterval      how often silences are looked for
 * @param telemetryRetention how long heartbeats and metrics are kept
 */
@ConfigurationProperties("inventiv.worker")
public record WorkerSettings(Duration heartbeatInterval, Duration unreachableAfter, Duration checkInterval, Duration telemetryRetention) {

    public WorkerSettings {
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
        unreachableAfter = unreachableAfter == null ? Duration.ofSeconds(30) : unreachableAfter;
        checkInterval = checkInterval == null ? Duration.ofSeconds(5) : checkInterval;
        telemetryRetention = telemetryRetention == null ? Duration.ofDays(7) : telemetryRetention;
        if (unreachableAfter.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("inventiv.worker.unreachable-after (" + unreachableAfter
                    + ") must be longer than inventiv.worker.heartbeat-interval (" + heartbeatInterval + ")");
        }
    }
}
