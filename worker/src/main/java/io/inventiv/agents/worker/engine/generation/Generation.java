package io.inventiv.agents.worker.engine.generation;

import java.util.List;

/**
 * What the engine will emit for one request, decided before the first token: the simulated model has
 * no randomness, so the whole answer is known up front and only its pacing remains.
 *
 * @param promptTokens tokens of the rendered prompt
 * @param tokens       the completion, one entry per token; concatenated they form the answer text
 * @param finishReason how the sequence ends if the client stays to the end
 */
public record Generation(int promptTokens, List<String> tokens, FinishReason finishReason) {

    public Generation {
        tokens = List.copyOf(tokens);
    }

    public String text() {
        return String.join("", tokens);
    }
}
