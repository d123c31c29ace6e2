package io.inventiv.agents.worker.engine.completion;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.TokenSink;
import io.inventiv.agents.worker.engine.openai.SseStream;
import io.inventiv.agents.worker.engine.openai.StreamUsage;
import java.io.IOException;

/**
 * Turns tokens into completion chunks, one token each; unlike a chat stream there is no opening chunk.
 * It counts the tokens it sent itself, because with continuous usage each chunk carries the count so far.
 */
final class CompletionStream implements TokenSink {

    private final SseStream sse;
    private final String id;
    private final long created;
    private final String model;
    private final StreamUsage usage;
    private int sent;

    CompletionStream(SseStream sse, String id, long created, String model, StreamUsage usage) {
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
        this.usage = usage;
    }

    @Override
    public void accept(String token, FinishReason finishReason) throws IOException {
        sent++;
        sse.send(TextCompletion.token(id, created, model, token, finishReason, usage.soFar(sent)));
    }

    /** Sends the usage chunk if the client asked for one, then {@code [DONE]}. */
    void finish(int completionTokens) throws IOException {
        if (usage.atEnd()) {
            sse.send(TextCompletion.usage(id, created, model, usage.last(completionTokens)));
        }
        sse.done();
    }
}
