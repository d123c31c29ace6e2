package io.inventiv.agents.support.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;

/** Recognizes the caller of a request (from its session cookie); the identity capability provides it. */
public interface CallerResolver {

    Optional<Caller> resolve(HttpServletRequest request);

    /** The caller of a session as it stands now, or empty once it has ended; for work that outlives its request (a stream). */
    Optional<Caller> ofSession(UUID sessionId);
}
