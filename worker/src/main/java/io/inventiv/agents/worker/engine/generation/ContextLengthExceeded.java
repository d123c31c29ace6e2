package io.inventiv.agents.worker.engine.generation;

/** The prompt, or the prompt plus the asked-for completion, does not fit in the model's context. */
public class ContextLengthExceeded extends RuntimeException {

    public ContextLengthExceeded(String message) {
        super(message);
    }
}
