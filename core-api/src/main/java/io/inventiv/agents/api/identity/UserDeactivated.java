package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user can no longer log in. */
public record UserDeactivated(UserId userId, Actor requestedBy, String reason, Instant at) {}
