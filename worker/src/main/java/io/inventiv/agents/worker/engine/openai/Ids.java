package io.inventiv.agents.worker.engine.openai;

import java.util.UUID;

/** Response ids in vLLM's form: a prefix and a random UUID's 32 hex digits ({@code chatcmpl-3f2a…}). */
public final class Ids {

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "");
    }
}
