package io.inventiv.agents.worker.engine.embedding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings}.
 *
 * @param input          a string, an array of strings, an array of token ids, or an array of such arrays
 * @param encodingFormat {@code float} (default) or {@code base64}
 * @param dimensions     only the configured dimension is accepted: the simulated model has no
 *                       matryoshka representation
 */
record EmbeddingRequest(String model, JsonNode input, String encodingFormat, Integer dimensions) {
}
