package io.inventiv.agents.worker.engine.chat;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.openai.Usage;
import java.util.List;

/** A non-stream chat answer, with vLLM's fields. */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    static ChatCompletion of(String id, long created, String model, String content, FinishReason finishReason,
                             Usage usage) {
        Message message = new Message("assistant", content, List.of());
        return new ChatCompletion(id, "chat.completion", created, model,
                List.of(new Choice(0, message, null, finishReason, null)), usage);
    }

    record Choice(int index, Message message, Object logprobs, FinishReason finishReason, Object stopReason) {
    }

    record Message(String role, String content, List<Object> toolCalls) {
    }
}
