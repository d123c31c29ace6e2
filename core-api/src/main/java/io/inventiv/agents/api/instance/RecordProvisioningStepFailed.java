package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records one failed attempt at a provisioning step. */
public record RecordProvisioningStepFailed(@TargetAggregateIdentifier InstanceId instanceId, ProvisioningStep step, int attempt, String reason, boolean willRetry, Actor recordedBy) {}
