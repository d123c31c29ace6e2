package io.inventiv.agents.api.instance;

import java.time.Instant;

/** One transition of an instance as it is pushed to watchers. */
public record InstanceChange(InstanceId instanceId, String organizationId, String event, InstanceState status, int progress,
                             String reason, String actor, Instant at) {}
