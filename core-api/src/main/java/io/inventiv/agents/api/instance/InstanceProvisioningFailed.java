package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** Provisioning was given up: the instance is PROVISIONING_FAILED. */
public record InstanceProvisioningFailed(InstanceId instanceId, ProvisioningStep step, String reason, Actor actor, Instant at) {}
