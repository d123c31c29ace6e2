package io.inventiv.agents.worker.engine.openai;

/** What a chat completion and a text completion request have in common: how much to generate, and how to answer. */
public interface GenerationRequest {

    String model();

    StreamOptions streamOptions();

    /** The token limit the client asked for, if any. */
    Integer tokenLimit();

    Integer n();

    Integer minTokens();

    Boolean ignoreEos();

    boolean streaming();
}
