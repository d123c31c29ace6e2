package io.inventiv.agents.api.instance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A worker enrols with its bootstrap token and is given a token of its own. Only hashes travel.
 *
 * @param agentPort  where the agent's HTTP server listens on the machine
 * @param enginePort where the engine's OpenAI-compatible server listens on the machine
 */
public record RegisterWorker(@TargetAggregateIdentifier InstanceId instanceId, String bootstrapTokenHash, String workerTokenHash,
                             int agentPort, int enginePort, String engineKind, String agentVersion) {}
