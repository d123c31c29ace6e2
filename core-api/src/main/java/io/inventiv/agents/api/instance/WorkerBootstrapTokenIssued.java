package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A one-time enrolment token was issued for the worker of installation attempt {@code attempt}; it replaces any earlier one. */
public record WorkerBootstrapTokenIssued(InstanceId instanceId, int attempt, String tokenHash, Instant expiresAt, Actor actor, Instant at) {}
