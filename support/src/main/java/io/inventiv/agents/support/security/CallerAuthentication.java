package io.inventiv.agents.support.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A recognized caller, as Spring Security holds it for the request; controllers receive the {@link Caller}. */
class CallerAuthentication extends AbstractAuthenticationToken {

    static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    private final transient Caller caller;

    CallerAuthentication(Caller caller) {
        super(caller.platformAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_" + PLATFORM_ADMIN))
                : List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.username();
    }
}
