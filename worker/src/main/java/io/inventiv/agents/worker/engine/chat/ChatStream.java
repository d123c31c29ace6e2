package io.inventiv.agents.worker.engine.chat;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import io.inventiv.agents.worker.engine.generation.TokenSink;
import io.inventiv.agents.worker.engine.openai.SseStream;
import io.inventiv.agents.worker.engine.openai.Usage;
import java.io.IOException;

/**
 * Turns tokens into chat chunks. The role chunk goes out together with the first token, not before,
 * because clients and benchmarks take the first chunk as the first token.
 */
final class ChatStream implements TokenSink {

    private final SseStream sse;
    private final String id;
    private final long created;
    private final String model;
    private boolean started;

    ChatStream(SseStream sse, String id, long created, String model) {
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    @Override
    public void accept(String token, FinishReason finishReason) throws IOException {
        if (!started) {
            sse.send(ChatCompletionChunk.role(id, created, model));
            started = true;
        }
        sse.send(ChatCompletionChunk.token(id, created, model, token, finishReason));
    }

    /** @param usage the usage chunk's content, or null when the client did not ask for it */
    void finish(Usage usage) throws IOException {
        if (usage != null) {
            sse.send(ChatCompletionChunk.usage(id, created, model, usage));
        }
        sse.done();
    }
}
