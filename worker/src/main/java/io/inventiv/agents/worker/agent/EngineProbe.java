package io.inventiv.agents.worker.agent;

/** The questions the readiness checks ask the engine; each failure to answer reads as "no". */
interface EngineProbe {

    /** {@code GET /health} answers 200. */
    boolean healthy(int port);

    /** {@code GET /v1/models} lists the served model name. */
    boolean serves(int port, String servedModelName);

    /** A one-token chat completion answers 200. */
    boolean answersOneToken(int port, String servedModelName);
}
