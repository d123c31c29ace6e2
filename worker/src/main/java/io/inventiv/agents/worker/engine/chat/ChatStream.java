package io.inventiv.agents.worker.engine.chat;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.TokenSink;
import io.inventiv.agents.worker.engine.openai.SseStream;
import io.inventiv.agents.worker.engine.openai.StreamUsage;
import java.io.IOException;

/**
 * Turns tokens into chat chunks. The role chunk goes out together with the first token, not before,
 * because clients and benchmarks take the first chunk as the first token. It counts the tokens it sent
 * itself, because with continuous usage each chunk carries the count so far.
 */
final class ChatStream implements TokenSink {

    private final SseStream sse;
    private final String id;
    private final long created;
    private final String model;
    private final StreamUsage usage;
    private boolean started;
    private int sent;

    ChatStream(SseStream sse, String id, long created, String model, StreamUsage usage) {
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
        this.usage = usage;
    }

    @Override
    public void accept(String token, FinishReason finishReason) throws IOException {
        if (!started) {
            sse.send(ChatCompletionChunk.role(id, created, model, usage.soFar(0)));
            started = true;
        }
        sent++;
        sse.send(ChatCompletionChunk.token(id, created, model, token, finishReason, usage.soFar(sent)));
    }

    /** Sends the usage chunk if the client asked for one, then {@code [DONE]}. */
    void finish(int completionTokens) throws IOException {
        if (usage.atEnd()) {
            sse.send(ChatCompletionChunk.usage(id, created, model, usage.last(completionTokens)));
        }
        sse.done();
    }
}
