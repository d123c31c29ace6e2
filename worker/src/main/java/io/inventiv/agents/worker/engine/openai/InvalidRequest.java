package io.inventiv.agents.worker.engine.openai;

/** A request the engine cannot read or will not serve; a 400 {@code BadRequestError}. */
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String message) {
        super(message);
    }
}
