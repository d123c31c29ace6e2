package io.inventiv.agents.worker.engine.generation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a sequence ended, spelled as vLLM spells it on the wire and in {@code finished_reason}. */
public enum FinishReason {
    STOP("stop"),
    LENGTH("length"),
    /** The client went away before the end; never sent on the wire, only counted. */
    ABORT("abort");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
