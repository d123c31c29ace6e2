package io.inventiv.agents.api.instance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The worker, heard with its current token, takes a new one. Only hashes travel. */
public record RotateWorkerToken(@TargetAggregateIdentifier InstanceId instanceId, String currentTokenHash, String newTokenHash) {}
