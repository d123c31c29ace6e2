package io.inventiv.agents.worker.engine.chat;

import io.inventiv.agents.worker.engine.openai.GenerationRequest;
import io.inventiv.agents.worker.engine.openai.StreamOptions;
import java.util.List;

/**
 * The fields of {@code POST /v1/chat/completions} the simulated engine acts on; sampling fields it
 * cannot simulate (temperature, stop, tools, …) are accepted and ignored.
 *
 * @param minTokens vLLM extra parameter: no natural stop before this many tokens
 * @param ignoreEos vLLM extra parameter: generate exactly the token limit, as benchmarks do
 */
record ChatCompletionRequest(String model, List<ChatMessage> messages, Boolean stream, StreamOptions streamOptions,
                             Integer maxTokens, Integer maxCompletionTokens, Integer n, Integer minTokens,
                             Boolean ignoreEos) implements GenerationRequest {

    /** {@code max_completion_tokens} replaces the deprecated {@code max_tokens} and wins when both are sent. */
    @Override
    public Integer tokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    @Override
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }
}
