package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user's password was replaced; that it happened and by whom, nothing of the password itself. */
public record UserPasswordChanged(UserId userId, Actor requestedBy, Instant at) {}
