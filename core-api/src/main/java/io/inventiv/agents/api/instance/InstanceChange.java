package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.SubscriptionUpdate;
import java.time.Instant;

/** One transition of an instance as it is pushed to watchers. */
public record InstanceChange(InstanceId instanceId, String organizationId, String event, InstanceState status, int progress,
                             String reason, String actor, Instant at) implements SubscriptionUpdate<WatchInstances> {

    @Override
    public Class<WatchInstances> queryType() {
        return WatchInstances.class;
    }

    /** For the watchers of this instance, or of all, within its organization, or within all. */
    @Override
    public boolean isFor(WatchInstances query) {
        return (query.instanceId() == null || query.instanceId().equals(instanceId))
                && (query.organizationId() == null || query.organizationId().value().toString().equals(organizationId));
    }
}
