package io.inventiv.agents.support.security;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.UserId;
import java.util.Optional;
import java.util.UUID;

/**
 * Callers for tests of one side's wiring, where logging in is not what is tested: every request comes
 * from a platform admin. Logins, sessions and roles are tested end to end against the platform.
 */
public final class TestCallers {

    public static final Caller PLATFORM_ADMIN = new Caller(UserId.derivedFrom("test-admin"), "test-admin", true,
            OrganizationId.derivedFrom("test"), OrganizationRole.OWNER, new UUID(0, 1));

    private TestCallers() {}

    public static CallerResolver everyoneIsPlatformAdmin() {
        return new CallerResolver() {
            @Override
            public Optional<Caller> resolve(jakarta.servlet.http.HttpServletRequest request) {
                return Optional.of(PLATFORM_ADMIN);
            }

            @Override
            public Optional<Caller> ofSession(UUID sessionId) {
                return Optional.of(PLATFORM_ADMIN);
            }
        };
    }
}
