package io.inventiv.agents.worker.engine.generation;

import java.nio.charset.StandardCharsets;

/**
 * FNV-1a over UTF-8: the same text gives the same seed on every JVM and every run, which is what
 * makes generated answers and embeddings reproducible across engine restarts.
 */
public final class StableHash {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StableHash() {
    }

    public static long of(String text) {
        long hash = OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }
}
