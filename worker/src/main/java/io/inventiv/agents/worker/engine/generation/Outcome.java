package io.inventiv.agents.worker.engine.generation;

/**
 * How a sequence ended.
 *
 * @param completionTokens tokens the client received
 */
public record Outcome(FinishReason finishReason, int completionTokens) {
}
