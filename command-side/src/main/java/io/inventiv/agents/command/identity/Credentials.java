package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where password hashes live: beside the event store, in the same transaction as the event that says
 * a password was set, but never in an event (secrets stay out of the log).
 */
public interface Credentials {

    void store(UserId user, PasswordHash hash, Instant at);

    Optional<PasswordHash> of(UserId user);
}
