package io.inventiv.agents.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the router needs to know of a request's prompt before sending it, read once: an estimate of its
 * tokens (for tokens per minute), a bound they cannot exceed (for budgets: a token is at least one byte
 * of text, plus what a chat template adds per message), the completion limit the caller set, and the
 * hash of its beginning when it is long enough for the engine's prefix cache to matter.
 *
 * @param completionLimit {@code max_completion_tokens} or {@code max_tokens}; 0 when not set
 * @param prefixHash      0 when the prompt is too short to be worth keeping on one instance
 */
record Prompt(long estimatedTokens, long tokenBound, long completionLimit, long prefixHash) {

    private static final int TEMPLATE_TOKENS_PER_MESSAGE = 16;

    static Prompt of(V1Handler.Route route, ObjectNode payload, int prefixChars) {
        Text text = new Text(prefixChars);
        switch (route) {
            case CHAT -> {
                JsonNode messages = payload.get("messages");
                if (messages == null || !messages.isArray() || messages.isEmpty()) {
                    throw OpenAiError.missing("messages", "messages must be a non-empty array of messages");
                }
                for (JsonNode message : messages) {
                    if (!message.isObject()) {
                        throw OpenAiError.invalidRequest("messages", "each message must be an object with a role and a content");
                    }
                    text.messages++;
                    text.add(message.get("content"));
                }
            }
            case COMPLETIONS -> {
                JsonNode prompt = payload.get("prompt");
                if (prompt == null || prompt.isNull()) {
                    throw OpenAiError.missing("prompt", "you must provide a prompt parameter");
                }
                text.add(prompt);
            }
            case EMBEDDINGS -> {
                JsonNode input = payload.get("input");
                if (input == null || input.isNull() || (input.isArray() && input.isEmpty())) {
                    throw OpenAiError.missing("input", "you must provide an input parameter");
                }
                text.add(input);
            }
        }
        long limit = Math.max(longOf(payload, "max_completion_tokens"), longOf(payload, "max_tokens"));
        long estimate = (text.chars + 3) / 4 + text.tokenIds + text.messages * 4L;
        long bound = text.bytes + text.tokenIds + (long) text.messages * TEMPLATE_TOKENS_PER_MESSAGE + TEMPLATE_TOKENS_PER_MESSAGE;
        long prefix = text.prefix.length() >= prefixChars ? InstancePicker.mix(text.prefix.toString().hashCode()) | 1L : 0;
        return new Prompt(estimate, bound, limit, prefix);
    }

    private static long longOf(ObjectNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            throw OpenAiError.invalidRequest(field, field + " must be a positive integer");
        }
        return value.asLong();
    }

    /** The text of a prompt, however it is shaped: strings, parts with a {@code text}, lists of them, or token ids. */
    private static final class Text {
        final int prefixChars;
        final StringBuilder prefix = new StringBuilder();
        long chars;
        long bytes;
        long tokenIds;
        int messages;

        Text(int prefixChars) {
            this.prefixChars = prefixChars;
        }

        void add(JsonNode node) {
            if (node == null || node.isNull()) {
                return;
            }
            if (node.isTextual()) {
                String value = node.asText();
                chars += value.length();
                bytes += utf8Length(value);
                if (prefix.length() < prefixChars) {
                    prefix.append(value, 0, Math.min(value.length(), prefixChars - prefix.length()));
                }
            } else if (node.isNumber()) {
                tokenIds++;
            } else if (node.isArray()) {
                for (JsonNode item : node) {
                    add(item);
                }
            } else if (node.isObject()) {
                add(node.get("text"));
            }
        }

        private static long utf8Length(String value) {
            long length = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                length += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            }
            return length;
        }
    }
}
