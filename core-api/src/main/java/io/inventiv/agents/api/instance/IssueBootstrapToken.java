package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives the worker about to be installed a one-time enrolment token; only its hash travels. */
public record IssueBootstrapToken(@TargetAggregateIdentifier InstanceId instanceId, int attempt, String tokenHash, Instant expiresAt,
                                  Actor issuedBy) {}
