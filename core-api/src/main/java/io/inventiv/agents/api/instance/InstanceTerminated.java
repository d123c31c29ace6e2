package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** Nothing of the instance is left at the provider: it is TERMINATED. */
public record InstanceTerminated(InstanceId instanceId, Actor actor, Instant at) {}
