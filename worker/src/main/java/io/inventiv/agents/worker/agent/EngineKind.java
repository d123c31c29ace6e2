package io.inventiv.agents.worker.agent;

import java.util.Arrays;
import java.util.Optional;

/** The inference engine the agent supervises: vLLM on a GPU machine, the built-in simulated engine elsewhere. */
enum EngineKind {
    SIMULATED("simulated"),
    VLLM("vllm");

    private final String wireName;

    EngineKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code agent.properties} and in the messages to the platform. */
    String wireName() {
        return wireName;
    }

    static Optional<EngineKind> named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }
}
