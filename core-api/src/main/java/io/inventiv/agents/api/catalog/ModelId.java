package io.inventiv.agents.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A model as named by its publisher, for example {@code meta-llama/Llama-3.1-8B-Instruct}. */
public record ModelId(@JsonValue String value) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*(/[A-Za-z0-9][A-Za-z0-9._\\-]*)?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ModelId {
        if (value == null || value.length() > 200 || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a model id is 'publisher/name' or 'name' of letters, digits, '.', '_' and '-' (at most 200 characters), got: " + value);
        }
    }

    public static ModelId of(String text) {
        return new ModelId(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
