package io.inventiv.agents.api.chargeback;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.inventiv.agents.api.identity.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An issued statement. Its id follows from its provider, consumer and period, so that one period between
 * two organizations is issued once, whichever node is asked.
 */
public record StatementId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public StatementId {
        Objects.requireNonNull(value, "StatementId value");
    }

    public static StatementId of(OrganizationId provider, OrganizationId consumer, Instant from, Instant to) {
        return new StatementId(UUID.nameUUIDFromBytes(("statement/" + provider + "/" + consumer + "/" + from + "/" + to).getBytes(StandardCharsets.UTF_8)));
    }

    public static StatementId of(String text) {
        return new StatementId(UUID.fromString(text.trim()));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
