package io.inventiv.agents.saga.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the providers' inventories are compared with the platform's.
 *
 * @param interval    time between two rounds
 * @param orphanGrace how old a tagged resource whose instance the platform does not know must be before it
 *                    is deleted (a resource is tagged before the event that records it is read)
 */
@ConfigurationProperties("inventiv.reconciliation")
public record ReconciliationSettings(Boolean enabled, Duration interval, Duration orphanGrace) {

    public ReconciliationSettings {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        orphanGrace = orphanGrace == null ? Duration.ofMinutes(10) : orphanGrace;
    }
}
