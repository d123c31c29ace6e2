package io.inventiv.agents.api.action;

import io.inventiv.agents.api.common.SubscriptionUpdate;
import java.time.Instant;
import java.util.Map;

/** One new action-log entry as it is pushed to watchers. */
public record ActionRecorded(String id, String actionType, String component, String instanceId, String organizationId, String actor,
                             String actorName, String reason, Map<String, Object> metadata, Instant at)
        implements SubscriptionUpdate<WatchActions> {

    @Override
    public Class<WatchActions> queryType() {
        return WatchActions.class;
    }

    /** For the watchers of every entry, or of this entry's organization. */
    @Override
    public boolean isFor(WatchActions query) {
        return query.organizationId() == null || query.organizationId().value().toString().equals(organizationId);
    }
}
