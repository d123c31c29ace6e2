package io.inventiv.agents.worker.engine.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.openai.Usage;
import java.util.List;

/**
 * One event of a chat stream. As in vLLM, fields that were not set are left out rather than sent as
 * null: {@code role} appears only in the first delta, {@code usage} only in the final usage chunk, or in
 * every chunk with {@code continuous_usage_stats}.
 */
record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    private static final String OBJECT = "chat.completion.chunk";

    /**
     * Opens the answer: the role, with empty content.
     *
     * @param usage the usage before any token, or null when continuous usage is off
     */
    static ChatCompletionChunk role(String id, long created, String model, Usage usage) {
        return delta(id, created, model, new Delta("assistant", ""), null, usage);
    }

    /** @param usage the usage so far, this token included, or null when continuous usage is off */
    static ChatCompletionChunk token(String id, long created, String model, String token,
                                     FinishReason finishReason, Usage usage) {
        return delta(id, created, model, new Delta(null, token), finishReason, usage);
    }

    static ChatCompletionChunk usage(String id, long created, String model, Usage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage);
    }

    private static ChatCompletionChunk delta(String id, long created, String model, Delta delta,
                                             FinishReason finishReason, Usage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model,
                List.of(new Choice(0, delta, null, finishReason)), usage);
    }

    record Choice(int index, Delta delta, Object logprobs, FinishReason finishReason) {
    }

    record Delta(@JsonInclude(JsonInclude.Include.NON_NULL) String role, String content) {
    }
}
