package io.inventiv.agents.api.instance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one GPU machine asked for by an operator, for its whole life. */
public record InstanceId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public InstanceId {
        Objects.requireNonNull(value, "InstanceId value");
    }

    public static InstanceId random() {
        return new InstanceId(UUID.randomUUID());
    }

    /** Parses the textual form; used by the web layer to bind path variables. */
    public static InstanceId of(String text) {
        return new InstanceId(UUID.fromString(text.trim()));
    }

    /** A stable id derived from a natural key, so that loading the same thing twice yields the same id. */
    public static InstanceId derivedFrom(String naturalKey) {
        return new InstanceId(UUID.nameUUIDFromBytes(("InstanceId:" + naturalKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
