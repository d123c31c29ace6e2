package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker's token was replaced; the previous one is refused from now on. */
public record WorkerTokenRotated(InstanceId instanceId, String workerTokenHash, Actor actor, Instant at) {}
