package io.inventiv.agents.api.action;

import java.time.Instant;
import java.util.Map;

/** One new action-log entry as it is pushed to watchers. */
public record ActionRecorded(String id, String actionType, String component, String instanceId, String organizationId, String actor,
                             String actorName, String reason, Map<String, Object> metadata, Instant at) {}
