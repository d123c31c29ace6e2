package io.inventiv.agents.worker.engine.generation;

/**
 * The request parameters that decide how many tokens are generated.
 *
 * @param maxTokens most tokens to generate (already resolved against the context window)
 * @param minTokens the sequence may not stop before this many tokens
 * @param ignoreEos generate exactly {@code maxTokens}, as benchmarks ask with vLLM's {@code ignore_eos}
 */
public record Sampling(int maxTokens, int minTokens, boolean ignoreEos) {

    public Sampling {
        if (maxTokens < 1) {
            throw new InvalidSampling("max_tokens must be at least 1, got %d.".formatted(maxTokens));
        }
        if (minTokens < 0) {
            throw new InvalidSampling("min_tokens must be greater than or equal to 0, got %d.".formatted(minTokens));
        }
        if (minTokens > maxTokens) {
            throw new InvalidSampling("min_tokens must be less than or equal to max_tokens=%d, got %d."
                    .formatted(maxTokens, minTokens));
        }
    }

    /** Reads the optional request fields; {@code n} is checked here because it is a sampling parameter in vLLM. */
    public static Sampling of(int maxTokens, Integer minTokens, Boolean ignoreEos, Integer n) {
        if (n != null && n != 1) {
            throw new InvalidSampling("n must be 1: the simulated engine generates one choice per request, got %d."
                    .formatted(n));
        }
        return new Sampling(maxTokens, minTokens == null ? 0 : minTokens, Boolean.TRUE.equals(ignoreEos));
    }
}
