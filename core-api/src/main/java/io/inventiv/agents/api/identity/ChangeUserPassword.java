package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces a user's password (the caller has checked the current one, or is a platform admin). */
public record ChangeUserPassword(@TargetAggregateIdentifier UserId userId, PasswordHash password, Actor requestedBy) {}
