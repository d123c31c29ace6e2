package io.inventiv.agents.worker.engine.completion;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.worker.engine.generation.WordTokenizer;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt of a completion: its text is counted with {@link WordTokenizer}; a prompt given as token
 * ids counts one token per id.
 *
 * @param text   the prompt, or its ids separated by spaces; the seed of the answer
 * @param tokens prompt tokens
 */
record CompletionPrompt(String text, int tokens) {

    static CompletionPrompt of(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw new InvalidRequest("`prompt` is required.");
        }
        CompletionPrompt parsed = parse(prompt);
        if (parsed.tokens() == 0) {
            throw new InvalidRequest("The decoder prompt cannot be empty.");
        }
        return parsed;
    }

    private static CompletionPrompt parse(JsonNode prompt) {
        if (prompt.isTextual()) {
            return new CompletionPrompt(prompt.asText(), WordTokenizer.count(prompt.asText()));
        }
        if (isTokenIds(prompt)) {
            List<String> ids = new ArrayList<>();
            prompt.forEach(id -> ids.add(id.asText()));
            return new CompletionPrompt(String.join(" ", ids), ids.size());
        }
        if (prompt.isArray() && prompt.size() > 1) {
            throw new InvalidRequest("The simulated engine takes one prompt per request; send batched prompts "
                    + "as separate requests.");
        }
        if (prompt.isArray() && prompt.size() == 1 && (prompt.get(0).isTextual() || isTokenIds(prompt.get(0)))) {
            return parse(prompt.get(0));
        }
        throw new InvalidRequest("Invalid value for `prompt`.");
    }

    private static boolean isTokenIds(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode id : node) {
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                return false;
            }
        }
        return true;
    }
}
