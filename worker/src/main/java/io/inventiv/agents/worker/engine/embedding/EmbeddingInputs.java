package io.inventiv.agents.worker.engine.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.worker.engine.generation.WordTokenizer;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code input} into one token list per input. Text is split by {@link WordTokenizer}; token
 * ids are kept as {@code #<id>}, so that an id never collides with a word of a text input.
 */
final class EmbeddingInputs {

    private EmbeddingInputs() {
    }

    static List<List<String>> parse(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new InvalidRequest("`input` is required.");
        }
        if (input.isTextual()) {
            return List.of(WordTokenizer.tokens(input.asText()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new InvalidRequest("`input` must be a string or a non-empty array.");
        }
        if (isTokenIds(input)) {
            return List.of(ids(input));
        }
        List<List<String>> inputs = new ArrayList<>();
        for (JsonNode item : input) {
            if (item.isTextual()) {
                inputs.add(WordTokenizer.tokens(item.asText()));
            } else if (isTokenIds(item)) {
                inputs.add(ids(item));
            } else {
                throw new InvalidRequest("Invalid value for `input[" + inputs.size() + "]`.");
            }
        }
        return inputs;
    }

    private static List<String> ids(JsonNode ids) {
        List<String> tokens = new ArrayList<>();
        ids.forEach(id -> tokens.add("#" + id.asInt()));
        return tokens;
    }

    private static boolean isTokenIds(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode id : node) {
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                return false;
            }
        }
        return true;
    }
}
