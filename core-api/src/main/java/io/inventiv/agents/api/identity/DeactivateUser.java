package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Shuts a user out: no login, every session ended. The account and its history stay. */
public record DeactivateUser(@TargetAggregateIdentifier UserId userId, Actor requestedBy, String reason) {}
