package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A readiness check of the instance's worker held for the first time since it enrolled. */
public record WorkerReadinessReported(InstanceId instanceId, ReadinessCheck check, Actor actor, Instant at) {}
