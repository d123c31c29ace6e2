package io.inventiv.agents.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Identifies an organization: the owner of instances, keys and model services, and the unit of billing. */
public record OrganizationId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrganizationId {
        Objects.requireNonNull(value, "OrganizationId value");
    }

    public static OrganizationId random() {
        return new OrganizationId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static OrganizationId of(String text) {
        return new OrganizationId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that creating the same thing twice yields the same id. */
    public static OrganizationId derivedFrom(String naturalKey) {
        return new OrganizationId(UUID.nameUUIDFromBytes(("OrganizationId:" + naturalKey).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
