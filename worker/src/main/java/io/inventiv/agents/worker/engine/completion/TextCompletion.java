package io.inventiv.agents.worker.engine.completion;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.openai.Usage;
import java.util.List;

/**
 * A completion and, with the same shape, each event of a completion stream. A stream's {@code usage} is
 * left out, as in vLLM, except in the final usage chunk and, with {@code continuous_usage_stats}, in every chunk.
 */
record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    private static final String OBJECT = "text_completion";

    static TextCompletion of(String id, long created, String model, String text, FinishReason finishReason,
                             Usage usage) {
        return new TextCompletion(id, OBJECT, created, model,
                List.of(new Choice(0, text, null, finishReason, null)), usage);
    }

    /** @param usage the usage so far, this token included, or null when continuous usage is off */
    static TextCompletion token(String id, long created, String model, String token, FinishReason finishReason,
                                Usage usage) {
        return of(id, created, model, token, finishReason, usage);
    }

    static TextCompletion usage(String id, long created, String model, Usage usage) {
        return new TextCompletion(id, OBJECT, created, model, List.of(), usage);
    }

    record Choice(int index, String text, Object logprobs, FinishReason finishReason, Object stopReason) {
    }
}
