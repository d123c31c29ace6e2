package io.inventiv.agents.api.telemetry;

import io.inventiv.agents.api.instance.InstanceId;
import java.time.Instant;
import java.util.List;

/**
 * Asks the workers' heartbeats about some instances: their last report, their means since {@code recentSince}, their peaks
 * since {@code peakSince}, and the last time any of them had work, looked for back to {@code activeSince}. Answered with a
 * {@link FleetLoad}.
 */
public record MeasureFleet(List<InstanceId> instances, Instant recentSince, Instant peakSince, Instant activeSince) {

    public MeasureFleet {
        instances = List.copyOf(instances);
    }
}
