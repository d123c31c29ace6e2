package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user's role on the platform changed. */
public record UserPlatformRoleChanged(UserId userId, PlatformRole platformRole, Actor requestedBy, Instant at) {}
