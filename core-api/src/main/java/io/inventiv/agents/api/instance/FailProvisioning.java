package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives up provisioning after what was made has been deleted. */
public record FailProvisioning(@TargetAggregateIdentifier InstanceId instanceId, ProvisioningStep step, String reason, Actor recordedBy) {}
