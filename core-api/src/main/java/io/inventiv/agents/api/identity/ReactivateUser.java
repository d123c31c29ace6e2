package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lets a deactivated user log in again. */
public record ReactivateUser(@TargetAggregateIdentifier UserId userId, Actor requestedBy) {}
