package io.inventiv.agents.command.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How logins and sessions behave ({@code inventiv.auth.*}).
 *
 * @param sessionIdleTimeout  a session unused this long ends
 * @param sessionMaxAge       a session ends this long after login, used or not
 * @param cookieName          the session cookie
 * @param secureCookie        send the cookie over HTTPS only; when unset, only if the request came over HTTPS
 * @param maxFailuresPerLogin attempts at one username or email from one client address before they are locked for a
 *                            while (from all addresses together: four times as many)
 * @param maxFailuresPerAddress attempts from one client address (any username) before it is locked
 * @param lockout             the first lock; each further failure doubles it, up to {@code maxLockout}
 * @param failureWindow       failures older than this are forgotten
 */
@ConfigurationProperties("inventiv.auth")
public record IdentitySettings(@DefaultValue("8h") Duration sessionIdleTimeout,
                               @DefaultValue("7d") Duration sessionMaxAge,
                               @DefaultValue("inventiv_session") String cookieName,
                               Boolean secureCookie,
                               @DefaultValue("5") int maxFailuresPerLogin,
                               @DefaultValue("50") int maxFailuresPerAddress,
                               @DefaultValue("30s") Duration lockout,
                               @DefaultValue("15m") Duration maxLockout,
                               @DefaultValue("15m") Duration failureWindow) {}
