package io.inventiv.agents.api.telemetry;

import io.inventiv.agents.api.common.SubscriptionUpdate;
import io.inventiv.agents.api.instance.InstanceId;
import java.time.Instant;

/**
 * One heartbeat of an instance's worker, as it is pushed to watchers: the same figures as a point of its metrics series.
 * Every figure may be {@code null}: not measured.
 *
 * @param at the time the platform received it
 */
public record InstanceMetrics(InstanceId instanceId, Instant at, Boolean engineHttpUp, Boolean modelLoaded, Boolean warmedUp,
                              Boolean engineRunning, Integer engineRestarts, Double gpuUtilization, Integer requestsRunning,
                              Integer requestsWaiting, Double kvCacheUsage, Double timeToFirstTokenSeconds, Long promptTokensTotal,
                              Long generationTokensTotal) implements SubscriptionUpdate<WatchInstanceMetrics> {

    @Override
    public Class<WatchInstanceMetrics> queryType() {
        return WatchInstanceMetrics.class;
    }

    @Override
    public boolean isFor(WatchInstanceMetrics query) {
        return query.watches(instanceId);
    }
}
