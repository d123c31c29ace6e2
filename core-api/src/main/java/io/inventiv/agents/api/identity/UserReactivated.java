package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A deactivated user may log in again. */
public record UserReactivated(UserId userId, Actor requestedBy, Instant at) {}
