package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** One attempt at a provisioning step failed. */
public record ProvisioningStepFailed(InstanceId instanceId, ProvisioningStep step, int attempt, String reason, boolean willRetry, Actor actor, Instant at) {}
