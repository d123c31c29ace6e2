package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/**
 * The instance's worker enrolled; {@code workerTokenHash} is the hash of the only token it is heard with
 * from now on. Readiness is earned again from here.
 */
public record WorkerRegistered(InstanceId instanceId, String workerTokenHash, String agentUrl, String engineUrl, String engineKind,
                               String agentVersion, Actor actor, Instant at) {}
