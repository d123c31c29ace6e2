package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The provider kept refusing to delete the instance's resources: the instance is FAILED. */
public record InstanceTerminationFailed(InstanceId instanceId, String reason, Actor actor, Instant at) {}
