package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** No traffic goes to the instance any more: it is TERMINATING. */
public record InstanceDrained(InstanceId instanceId, Actor actor, Instant at) {}
