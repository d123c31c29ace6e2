package io.inventiv.agents.api.telemetry;

import io.inventiv.agents.api.instance.InstanceId;
import java.util.Objects;

/**
 * Subscription to one instance's heartbeats as they are received: answered first with its last beat (if any), then updated
 * with an {@link InstanceMetrics} per beat. Heartbeats are telemetry, not events: they reach watchers, not the event log.
 * Who may watch which instance is checked by the one who subscribes.
 */
public record WatchInstanceMetrics(InstanceId instanceId) {

    public WatchInstanceMetrics {
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /** Whether a beat of this instance is for this subscription. */
    public boolean watches(InstanceId instance) {
        return instanceId.equals(instance);
    }
}
