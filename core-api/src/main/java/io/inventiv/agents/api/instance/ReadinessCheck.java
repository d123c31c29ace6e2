package io.inventiv.agents.api.instance;

/** What a worker checks before its engine takes traffic, in this order; all three make an instance READY. */
public enum ReadinessCheck {
    /** the engine's {@code /health} answers 200 */
    ENGINE_HTTP_UP,
    /** the engine lists the served model */
    MODEL_LOADED,
    /** a first completion went through */
    WARMED_UP
}
