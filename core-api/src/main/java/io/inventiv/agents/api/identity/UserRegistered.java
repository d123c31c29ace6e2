package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An account was created. Its password is in the credential store, never here. */
public record UserRegistered(UserId userId, String username, String email, String displayName, PlatformRole platformRole,
                             Actor requestedBy, Instant at) {}
