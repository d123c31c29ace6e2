package io.inventiv.agents.worker.engine.generation;

import java.io.IOException;

/** Where generated tokens go: a stream to the client, or a buffer for a non-stream answer. */
@FunctionalInterface
public interface TokenSink {

    /**
     * @param token        the next token's text
     * @param finishReason set on the last token only
     * @throws IOException when the client is gone; the engine then aborts the sequence
     */
    void accept(String token, FinishReason finishReason) throws IOException;
}
