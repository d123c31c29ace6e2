package io.inventiv.agents.worker.engine.embedding;

import io.inventiv.agents.worker.engine.openai.InvalidRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** {@code encoding_format}: a JSON array of floats, or base64 of little-endian float32, as vLLM sends. */
enum EmbeddingEncoding {
    FLOAT,
    BASE64;

    static EmbeddingEncoding of(String format) {
        if (format == null || format.equals("float")) {
            return FLOAT;
        }
        if (format.equals("base64")) {
            return BASE64;
        }
        throw new InvalidRequest("Invalid value for `encoding_format`: expected 'float' or 'base64'.");
    }

    Object encode(float[] vector) {
        if (this == FLOAT) {
            return vector;
        }
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
