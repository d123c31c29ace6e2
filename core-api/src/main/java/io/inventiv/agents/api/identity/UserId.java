package io.inventiv.agents.api.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Identifies a person who uses the platform, for as long as the platform exists. */
public record UserId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public UserId {
        Objects.requireNonNull(value, "UserId value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static UserId of(String text) {
        return new UserId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that creating the same thing twice yields the same id. */
    public static UserId derivedFrom(String naturalKey) {
        return new UserId(UUID.nameUUIDFromBytes(("UserId:" + naturalKey).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
