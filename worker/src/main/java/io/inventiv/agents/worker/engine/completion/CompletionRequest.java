package io.inventiv.agents.worker.engine.completion;

import io.inventiv.agents.worker.engine.openai.GenerationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.worker.engine.openai.StreamOptions;

/**
 * The fields of {@code POST /v1/completions} the simulated engine acts on.
 *
 * @param prompt a string, an array of token ids, or a one-element array of either
 */
record CompletionRequest(String model, JsonNode prompt, Boolean stream, StreamOptions streamOptions,
                         Integer maxTokens, Integer n, Integer minTokens, Boolean ignoreEos, String suffix) implements GenerationRequest {

    /** The legacy completions API defaults to 16 tokens, in OpenAI's API and in vLLM. */
    static final int DEFAULT_MAX_TOKENS = 16;

    @Override
    public Integer tokenLimit() {
        return maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
    }

    @Override
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }
}
