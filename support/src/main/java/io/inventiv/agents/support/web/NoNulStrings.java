package io.inventiv.agents.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Refuses text with a NUL character in request bodies: PostgreSQL cannot store it, so accepting it would
 * record an event that no read model can project.
 */
public final class NoNulStrings extends StdScalarDeserializer<String> {

    private NoNulStrings() {
        super(String.class);
    }

    public static SimpleModule module() {
        return new SimpleModule("no-nul-strings").addDeserializer(String.class, new NoNulStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && value.indexOf('\u0000') >= 0) {
            return (String) context.handleWeirdStringValue(String.class, value, "text must not contain the NUL character");
        }
        return value;
    }
}
