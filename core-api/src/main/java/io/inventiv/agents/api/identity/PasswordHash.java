package io.inventiv.agents.api.identity;

import java.util.Objects;

/**
 * A password as an adaptive hash, on its way from the web layer to the credential store. It travels
 * in commands only, never in events, and never prints itself.
 */
public record PasswordHash(String value) {

    public PasswordHash {
        Objects.requireNonNull(value, "password hash");
    }

    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }
}
