package io.inventiv.agents.worker.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.worker.engine.generation.WordTokenizer;
import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation as the simulated chat template renders it.
 *
 * <p>{@code prompt_tokens} is, for each message, the {@link WordTokenizer} count of its text plus
 * {@value #MESSAGE_OVERHEAD}: a real chat template wraps every message in a start marker, the role, a
 * separator and an end marker, and a client can recount this without the model's tokenizer.
 *
 * @param text   the rendered conversation, the seed of the answer
 * @param tokens prompt tokens
 */
record ChatPrompt(String text, int tokens) {

    static final int MESSAGE_OVERHEAD = 4;

    static ChatPrompt render(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequest("`messages` is required and must hold at least one message.");
        }
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message == null || message.role() == null) {
                throw new InvalidRequest("`messages[" + i + "].role` is required.");
            }
            String content = contentText(message.content(), i);
            text.append(message.role()).append(": ").append(content).append('\n');
            tokens += WordTokenizer.count(content) + MESSAGE_OVERHEAD;
        }
        return new ChatPrompt(text.toString(), tokens);
    }

    /** Text parts are joined by line breaks, as vLLM does for text-only models. */
    private static String contentText(JsonNode content, int index) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidRequest("Invalid value for `messages[" + index + "].content`.");
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw new InvalidRequest("`messages[" + index + "].content` may only hold text parts: "
                        + "the simulated model reads text only.");
            }
            parts.add(part.get("text").asText());
        }
        return String.join("\n", parts);
    }
}
