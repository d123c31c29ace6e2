package io.inventiv.agents.worker.engine.generation;

/** Sampling parameters the engine refuses (vLLM answers these with a 400). */
public class InvalidSampling extends RuntimeException {

    public InvalidSampling(String message) {
        super(message);
    }
}
