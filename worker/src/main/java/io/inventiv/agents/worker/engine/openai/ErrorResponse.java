package io.inventiv.agents.worker.engine.openai;

/**
 * vLLM's error body since the OpenAI envelope was adopted: {@code code} is the HTTP status as a number.
 */
public record ErrorResponse(ErrorDetail error) {

    public static ErrorResponse of(String message, String type, int status) {
        return new ErrorResponse(new ErrorDetail(message, type, null, status));
    }

    public record ErrorDetail(String message, String type, String param, int code) {
    }
}
