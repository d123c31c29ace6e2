package io.inventiv.agents.support.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Recognizes the caller of a request (from its session cookie); the identity capability provides it. */
public interface CallerResolver {

    Optional<Caller> resolve(HttpServletRequest request);
}
