package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** Jackson and the two timestamp styles: the Instance API writes "+00:00", the Block API "Z". */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter INSTANCE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BLOCK_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode wrap(String field, ObjectNode value) {
        ObjectNode wrapper = object();
        wrapper.set(field, value);
        return wrapper;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static String instanceTime(Instant at) {
        return at == null ? null : INSTANCE_TIME.format(at);
    }

    static String blockTime(Instant at) {
        return at == null ? null : BLOCK_TIME.format(at);
    }
}
