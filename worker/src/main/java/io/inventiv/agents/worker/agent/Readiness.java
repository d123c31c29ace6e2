package io.inventiv.agents.worker.agent;

/** The three readiness checks of the worker protocol; each holds only if the one before it does. */
record Readiness(boolean engineHttpUp, boolean modelLoaded, boolean warmedUp) {

    static final Readiness NONE = new Readiness(false, false, false);

    boolean ready() {
        return engineHttpUp && modelLoaded && warmedUp;
    }
}
