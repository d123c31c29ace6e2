package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API: {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /info} and
 * {@code /logs}, all {@code GET}. Refusals are {@code application/problem+json}.
 */
final class AgentEndpoints implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(AgentEndpoints.class);

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int DEFAULT_LOG_LINES = 200;
    private static final int MAX_LOG_LINES = 5000;

    private record Answer(int status, String contentType, String body) {
    }

    @FunctionalInterface
    private interface Route {
        Answer answer(Map<String, String> query) throws IOException;
    }

    private final AgentStatus status;
    private final ObjectMapper json;
    private final Map<String, Route> routes;

    AgentEndpoints(AgentStatus status, ObjectMapper json) {
        this.status = status;
        this.json = json;
        this.routes = Map.of(
                "/healthz", query -> json(200, Map.of("status", "ok")),
                "/readyz", query -> readiness(),
                "/metrics", query -> metrics(),
                "/info", query -> json(200, status.info()),
                "/logs", this::logs);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, answer(exchange));
        } catch (IOException e) {
            log.debug("Could not answer {}: {}", exchange.getRequestURI(), e.getMessage());
        }
    }

    private Answer answer(HttpExchange exchange) {
        Route route = routes.get(exchange.getRequestURI().getPath());
        if (route == null) {
            return problem(404, "Not Found", "No such path: " + exchange.getRequestURI().getPath());
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            return problem(405, "Method Not Allowed", "Only GET is allowed here");
        }
        try {
            return route.answer(query(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad Request", e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("Failed to answer {}", exchange.getRequestURI(), e);
            return problem(500, "Internal Server Error", "The agent could not answer; see its log");
        }
    }

    private Answer readiness() throws IOException {
        Readiness readiness = status.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", readiness.ready());
        body.put("engine_http_up", readiness.engineHttpUp());
        body.put("model_loaded", readiness.modelLoaded());
        body.put("warmed_up", readiness.warmedUp());
        return json(readiness.ready() ? 200 : 503, body);
    }

    private Answer metrics() {
        return new Answer(200, PROMETHEUS_TEXT, status.agentMetrics() + status.engineMetrics().orElse(""));
    }

    private Answer logs(Map<String, String> query) throws IOException {
        String source = query.getOrDefault("source", "engine");
        String file = switch (source) {
            case "engine" -> StateDir.ENGINE_LOG;
            case "agent" -> StateDir.AGENT_LOG;
            default -> throw new IllegalArgumentException("source must be 'engine' or 'agent'");
        };
        int lines = lines(query.get("lines"));
        return new Answer(200, TEXT, LogTail.lastLines(status.stateDir().resolve(file), lines));
    }

    private static int lines(String value) {
        if (value == null) {
            return DEFAULT_LOG_LINES;
        }
        try {
            int lines = Integer.parseInt(value);
            if (lines >= 1) {
                return Math.min(lines, MAX_LOG_LINES);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("lines must be a whole number from 1 to " + MAX_LOG_LINES);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] keyValue = pair.split("=", 2);
            parameters.putIfAbsent(decode(keyValue[0]), keyValue.length > 1 ? decode(keyValue[1]) : "");
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private Answer json(int status, Object body) throws IOException {
        return new Answer(status, JSON, json.writeValueAsString(body));
    }

    private Answer problem(int status, String title, String detail) {
        try {
            return new Answer(status, "application/problem+json", json.writeValueAsString(Map.of(
                    "type", "about:blank", "title", title, "status", status, "detail", detail)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** What the endpoints show of the running agent. */
    interface AgentStatus {

        Readiness readiness();

        /** The agent's own metrics in Prometheus text. */
        String agentMetrics();

        /** The engine's metrics as it serves them, when it can be reached. */
        Optional<String> engineMetrics();

        Object info();

        Path stateDir();
    }
}
