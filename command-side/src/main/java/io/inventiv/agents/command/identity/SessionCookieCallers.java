package io.inventiv.agents.command.identity;

import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.security.CallerResolver;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/** Recognizes callers by the session cookie that {@code POST /auth/login} set, and writes that cookie. */
@Component
class SessionCookieCallers implements CallerResolver {

    private static final int MAX_TOKEN_LENGTH = 100;

    private final Sessions sessions;
    private final IdentitySettings settings;

    SessionCookieCallers(Sessions sessions, IdentitySettings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public Optional<Caller> resolve(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (settings.cookieName().equals(cookie.getName()) && cookie.getValue() != null
                    && !cookie.getValue().isEmpty() && cookie.getValue().length() <= MAX_TOKEN_LENGTH) {
                Optional<Caller> caller = sessions.caller(cookie.getValue());
                if (caller.isPresent()) {
                    return caller;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Caller> ofSession(UUID sessionId) {
        return sessions.callerOfSession(sessionId);
    }

    /** The cookie a browser keeps: out of reach of scripts, not sent by other sites' requests. */
    ResponseCookie cookie(HttpServletRequest request, String token) {
        return cookie(request, token, settings.sessionMaxAge());
    }

    ResponseCookie cleared(HttpServletRequest request) {
        return cookie(request, "", Duration.ZERO);
    }

    private ResponseCookie cookie(HttpServletRequest request, String token, Duration maxAge) {
        boolean secure = settings.secureCookie() == null ? request.isSecure() : settings.secureCookie();
        return ResponseCookie.from(settings.cookieName(), token).httpOnly(true).secure(secure).sameSite("Lax").path("/")
                .maxAge(maxAge).build();
    }
}
