package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An installation attempt failed in {@code phase} (or timed out there); another follows when {@code willRetry}. */
public record InstallAttemptFailed(InstanceId instanceId, int attempt, String phase, String reason, boolean willRetry, Actor actor, Instant at) {}
