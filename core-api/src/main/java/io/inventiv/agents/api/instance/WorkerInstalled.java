package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The worker agent is installed and running: the instance is STARTING until its engine is ready. */
public record WorkerInstalled(InstanceId instanceId, int attempt, Actor actor, Instant at) {}
