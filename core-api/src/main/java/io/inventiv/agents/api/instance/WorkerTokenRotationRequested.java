package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker is to replace its token at its next heartbeat. */
public record WorkerTokenRotationRequested(InstanceId instanceId, Actor actor, Instant at) {}
