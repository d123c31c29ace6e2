package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Credentials kept in a map, for aggregate tests. */
class InMemoryCredentials implements Credentials {

    private final Map<UserId, PasswordHash> hashes = new HashMap<>();

    @Override
    public void store(UserId user, PasswordHash hash, Instant at) {
        hashes.put(user, hash);
    }

    @Override
    public Optional<PasswordHash> of(UserId user) {
        return Optional.ofNullable(hashes.get(user));
    }
}
