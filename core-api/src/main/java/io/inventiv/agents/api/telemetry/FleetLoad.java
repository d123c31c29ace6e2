package io.inventiv.agents.api.telemetry;

import io.inventiv.agents.api.instance.InstanceId;
import java.time.Instant;
import java.util.List;

/**
 * What the heartbeats of some instances say; every figure is {@code null} when nothing was reported.
 *
 * @param ttftP95Seconds     time to first token, p95 of the beats since the recent mark
 * @param peakTtftP95Seconds the same since the peak mark
 * @param lastActiveAt       the last beat that showed requests running or queued, or tokens counted since the beat before
 */
public record FleetLoad(List<InstanceLoad> instances, Double ttftP95Seconds, Double peakTtftP95Seconds, Instant lastActiveAt) {

    public FleetLoad {
        instances = List.copyOf(instances);
    }

    /**
     * One instance's heartbeats.
     *
     * @param lastBeatAt    when it last reported
     * @param running       requests running at its last beat
     * @param waiting       requests queued at its last beat
     * @param meanWaiting   requests queued, mean since the recent mark
     * @param meanKvCache   KV-cache usage (0 to 1), mean since the recent mark
     * @param peakWaiting   the most requests queued since the peak mark
     * @param peakKvCache   the highest KV-cache usage since the peak mark
     */
    public record InstanceLoad(InstanceId instanceId, Instant lastBeatAt, Integer running, Integer waiting, Double meanWaiting,
                               Double meanKvCache, Double peakWaiting, Double peakKvCache) {}
}
