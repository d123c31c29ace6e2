package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker uses its new token; the replaced one is refused from now on. */
public record WorkerTokenConfirmed(InstanceId instanceId, Actor actor, Instant at) {}
