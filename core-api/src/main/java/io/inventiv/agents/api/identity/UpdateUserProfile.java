package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes how a user is reached and named; {@code null} keeps a field as it is. */
public record UpdateUserProfile(@TargetAggregateIdentifier UserId userId, String email, String displayName, Actor requestedBy) {}
