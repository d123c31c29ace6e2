package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP call as the handlers see it: method, path, decoded query, headers and raw body. */
record ApiRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
                  Map<String, List<String>> headers, byte[] body) {

    static ApiRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                rawQuery == null ? "" : rawQuery, decode(rawQuery), exchange.getRequestHeaders(), body);
    }

    private static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** The first non-blank value of a query parameter. */
    Optional<String> param(String name) {
        return params(name).stream().filter(v -> !v.isBlank()).findFirst();
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    ObjectNode json() {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below like any other malformed body
        }
        throw ApiError.invalidRequest("Validation Error: the body must be a JSON object");
    }
}
