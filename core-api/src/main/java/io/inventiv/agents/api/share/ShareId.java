package io.inventiv.agents.api.share;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A share: one organization's model service offered to another organization at a price. */
public record ShareId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ShareId {
        Objects.requireNonNull(value, "ShareId value");
    }

    public static ShareId random() {
        return new ShareId(UUID.randomUUID());
    }

    public static ShareId of(String text) {
        return new ShareId(UUID.fromString(text.trim()));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
