package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the fake answers: status, headers and raw body bytes. */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static ApiResponse json(int status, JsonNode body) {
        try {
            return new ApiResponse(status, "application/json", Json.MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    /** The real API labels its empty 204 answers application/json too. */
    static ApiResponse noContent() {
        return new ApiResponse(204, "application/json", new byte[0], Map.of());
    }

    static ApiResponse text(int status, String text) {
        return new ApiResponse(status, "text/plain", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(all));
    }

    void writeTo(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean empty = body.length == 0;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
