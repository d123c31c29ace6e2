package io.inventiv.agents.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a region of a provider. */
public record RegionId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RegionId {
        Objects.requireNonNull(value, "RegionId value");
    }

    public static RegionId random() {
        return new RegionId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static RegionId of(String text) {
        return new RegionId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that loading the same thing twice yields the same id. */
    public static RegionId derivedFrom(String naturalKey) {
        return new RegionId(UUID.nameUUIDFromBytes(("RegionId:" + naturalKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
