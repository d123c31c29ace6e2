package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user's email or display name changed; the event holds both as they now are. */
public record UserProfileUpdated(UserId userId, String email, String displayName, Actor requestedBy, Instant at) {}
