package io.inventiv.agents.worker.engine.generation;

/** The model's context length ({@code --max-model-len}) and vLLM's checks against it, with vLLM's wording. */
public final class ContextWindow {

    private final int maxModelLen;

    public ContextWindow(int maxModelLen) {
        this.maxModelLen = maxModelLen;
    }

    public int maxModelLen() {
        return maxModelLen;
    }

    /**
     * How many tokens a request may generate: what it asked for, or without a limit whatever the context
     * has left after the prompt.
     */
    public int maxNewTokens(int promptTokens, Integer requestedMaxTokens) {
        if (promptTokens >= maxModelLen) {
            throw new ContextLengthExceeded(("This model's maximum context length is %d tokens. However, your request "
                    + "has %d input tokens. Please reduce the length of the input messages.")
                    .formatted(maxModelLen, promptTokens));
        }
        if (requestedMaxTokens == null) {
            return maxModelLen - promptTokens;
        }
        if (requestedMaxTokens >= 1 && promptTokens + requestedMaxTokens > maxModelLen) {
            throw new ContextLengthExceeded(("'max_tokens' or 'max_completion_tokens' is too large: %d. This model's "
                    + "maximum context length is %d tokens and your request has %d input tokens (%d > %d - %d).")
                    .formatted(requestedMaxTokens, maxModelLen, promptTokens, requestedMaxTokens, maxModelLen,
                            promptTokens));
        }
        return requestedMaxTokens;
    }

    /** Embedding inputs have no completion, only the input has to fit. */
    public void checkInput(int inputTokens) {
        if (inputTokens > maxModelLen) {
            throw new ContextLengthExceeded(("This model's maximum context length is %d tokens. However, you requested "
                    + "%d tokens in the input for embedding generation. Please reduce the length of the input.")
                    .formatted(maxModelLen, inputTokens));
        }
    }
}
