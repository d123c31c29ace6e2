package io.inventiv.agents.worker.engine.openai;

public record Usage(int promptTokens, int completionTokens, int totalTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
