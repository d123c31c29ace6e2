package io.inventiv.agents.worker.engine.model;

/** The request names a model this engine does not serve. */
public class ModelNotFound extends RuntimeException {

    public ModelNotFound(String model) {
        super("The model `" + model + "` does not exist.");
    }
}
