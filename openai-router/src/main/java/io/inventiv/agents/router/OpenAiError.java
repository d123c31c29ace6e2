package io.inventiv.agents.router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A refusal of the OpenAI-compatible API, answered in OpenAI's error envelope, with the headers it calls for. */
public class OpenAiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final List<String[]> headers;

    public OpenAiError(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, List.of());
    }

    OpenAiError(int status, String type, String code, String param, String message, List<String[]> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = headers;
    }

    public static OpenAiError invalidApiKey(String message) {
        return new OpenAiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public static OpenAiError modelNotFound(String model) {
        return new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }

    static OpenAiError invalidRequest(String param, String message) {
        return new OpenAiError(400, "invalid_request_error", param == null ? null : "invalid_value", param, message);
    }

    static OpenAiError missing(String param, String message) {
        return new OpenAiError(400, "invalid_request_error", "missing_required_parameter", param, message);
    }

    static OpenAiError rateLimited(String limit, Integer perMinute, long retryAfterMillis, List<String[]> limitHeaders) {
        List<String[]> headers = new java.util.ArrayList<>(limitHeaders);
        headers.add(new String[] {"retry-after", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000))});
        headers.add(new String[] {"retry-after-ms", Long.toString(retryAfterMillis)});
        return new OpenAiError(429, limit, "rate_limit_exceeded", null, "Rate limit reached for this key on " + limit + " per minute: limit "
                + perMinute + ". Please try again in " + RateLimits.duration(retryAfterMillis) + ".", headers);
    }

    static OpenAiError unavailable(String code, String message, int retryAfterSeconds) {
        return new OpenAiError(503, "service_unavailable_error", code, null, message,
                List.<String[]>of(new String[] {"retry-after", Integer.toString(retryAfterSeconds)}));
    }

    /** The error's code (model_not_found, rate_limit_exceeded ...), or null when the envelope gives none. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    List<String[]> headers() {
        return headers;
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
