package io.inventiv.agents.worker.engine.embedding;

import io.inventiv.agents.worker.engine.openai.Usage;
import java.util.List;

/** The answer to {@code POST /v1/embeddings}, with vLLM's fields. */
record EmbeddingList(String id, String object, long created, String model, List<Data> data, Usage usage) {

    /** @param embedding a float array or a base64 string, per {@code encoding_format} */
    record Data(int index, String object, Object embedding) {
    }
}
