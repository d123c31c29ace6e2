package io.inventiv.agents.router;

import java.util.LinkedHashMap;
import java.util.Map;

/** A refusal of the OpenAI-compatible API, answered in OpenAI's error envelope. */
public class OpenAiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public OpenAiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static OpenAiError invalidApiKey(String message) {
        return new OpenAiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public static OpenAiError modelNotFound(String model) {
        return new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }

    public int status() {
        return status;
    }

    /** {@code {"error":{"message","type","param","code"}}} */
    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }
}
