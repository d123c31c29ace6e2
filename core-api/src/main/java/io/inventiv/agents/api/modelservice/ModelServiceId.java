package io.inventiv.agents.api.modelservice;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A model service: a logical model name an organization publishes on the OpenAI-compatible API. */
public record ModelServiceId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ModelServiceId {
        Objects.requireNonNull(value, "ModelServiceId value");
    }

    public static ModelServiceId random() {
        return new ModelServiceId(UUID.randomUUID());
    }

    public static ModelServiceId of(String text) {
        return new ModelServiceId(UUID.fromString(text.trim()));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
