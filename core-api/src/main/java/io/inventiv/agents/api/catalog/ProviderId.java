package io.inventiv.agents.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a cloud provider in the catalog. */
public record ProviderId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ProviderId {
        Objects.requireNonNull(value, "ProviderId value");
    }

    public static ProviderId random() {
        return new ProviderId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static ProviderId of(String text) {
        return new ProviderId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that loading the same thing twice yields the same id. */
    public static ProviderId derivedFrom(String naturalKey) {
        return new ProviderId(UUID.nameUUIDFromBytes(("ProviderId:" + naturalKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
