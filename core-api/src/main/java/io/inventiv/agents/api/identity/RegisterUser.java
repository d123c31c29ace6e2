package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an account; the username and the email must not be taken. */
public record RegisterUser(@TargetAggregateIdentifier UserId userId, String username, String email, String displayName,
                           PlatformRole platformRole, PasswordHash password, Actor requestedBy) {}
