package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker's token is refused from now on. */
public record WorkerTokenRevoked(InstanceId instanceId, String reason, Actor actor, Instant at) {}
