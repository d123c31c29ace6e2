package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker of a READY instance stopped answering: UNREACHABLE, out of the routing table. */
public record InstanceBecameUnreachable(InstanceId instanceId, String reason, Instant lastHeartbeatAt, Actor actor, Instant at) {}
