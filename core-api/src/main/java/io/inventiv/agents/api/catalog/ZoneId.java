package io.inventiv.agents.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies an availability zone of a region. */
public record ZoneId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ZoneId {
        Objects.requireNonNull(value, "ZoneId value");
    }

    public static ZoneId random() {
        return new ZoneId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static ZoneId of(String text) {
        return new ZoneId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that loading the same thing twice yields the same id. */
    public static ZoneId derivedFrom(String naturalKey) {
        return new ZoneId(UUID.nameUUIDFromBytes(("ZoneId:" + naturalKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
