package io.inventiv.agents.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a machine type a provider sells (for example L4-1-24G). */
public record InstanceTypeId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public InstanceTypeId {
        Objects.requireNonNull(value, "InstanceTypeId value");
    }

    public static InstanceTypeId random() {
        return new InstanceTypeId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static InstanceTypeId of(String text) {
        return new InstanceTypeId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that loading the same thing twice yields the same id. */
    public static InstanceTypeId derivedFrom(String naturalKey) {
        return new InstanceTypeId(UUID.nameUUIDFromBytes(("InstanceTypeId:" + naturalKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
