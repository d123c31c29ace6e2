package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform's {@code /internal/worker/*} as the worker protocol defines it, in memory: one-time
 * bootstrap tokens, worker tokens that rotation or revocation make unusable, a 401 for any token it
 * does not hold. Records every call.
 */
final class FakeControlPlane implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One call as the platform received it. */
    record Call(String path, String authorization, JsonNode body) {

        String bearer() {
            return authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> bootstrapTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> workerTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicBoolean rotateOnNextHeartbeat = new AtomicBoolean();
    private final int heartbeatIntervalSeconds;

    FakeControlPlane(int heartbeatIntervalSeconds) throws IOException {
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/worker/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void issueBootstrapToken(String token) {
        bootstrapTokens.add(token);
    }

    /** As an operator's revocation: the token stops working at once. */
    void revoke(String workerToken) {
        workerTokens.remove(workerToken);
    }

    void rotateOnNextHeartbeat() {
        rotateOnNextHeartbeat.set(true);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(call -> call.path().equals("/internal/worker/" + operation)).toList();
    }

    /** The calls of an operation made after the first {@code mark} calls of all kinds. */
    List<Call> callsSince(int mark, String operation) {
        List<Call> all = calls();
        return all.subList(Math.min(mark, all.size()), all.size()).stream()
                .filter(call -> call.path().equals("/internal/worker/" + operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Call call = new Call(exchange.getRequestURI().getPath(), authorization,
                    body.length == 0 ? NullNode.getInstance() : JSON.readTree(body));
            calls.add(call);
            switch (call.path()) {
                case "/internal/worker/register" -> register(exchange, call);
                case "/internal/worker/heartbeat" -> heartbeat(exchange, call);
                case "/internal/worker/rotate" -> rotate(exchange, call);
                default -> send(exchange, 404, Map.of("title", "Not Found", "status", 404));
            }
        }
    }

    private void register(HttpExchange exchange, Call call) throws IOException {
        if (!bootstrapTokens.remove(call.body().path("bootstrap_token").asText())) {
            unauthorized(exchange);
            return;
        }
        send(exchange, 201, Map.of("worker_token", newWorkerToken(),
                "instance_id", call.body().path("instance_id").asText(),
                "heartbeat_interval_seconds", heartbeatIntervalSeconds));
    }

    private void heartbeat(HttpExchange exchange, Call call) throws IOException {
        if (!workerTokens.contains(call.bearer())) {
            unauthorized(exchange);
            return;
        }
        send(exchange, 200, Map.of("rotate_token", rotateOnNextHeartbeat.getAndSet(false),
                "heartbeat_interval_seconds", heartbeatIntervalSeconds));
    }

    private void rotate(HttpExchange exchange, Call call) throws IOException {
        if (!workerTokens.remove(call.bearer())) {
            unauthorized(exchange);
            return;
        }
        send(exchange, 200, Map.of("worker_token", newWorkerToken()));
    }

    private String newWorkerToken() {
        String token = "worker-token-" + issued.incrementAndGet();
        workerTokens.add(token);
        return token;
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, Map.of("type", "about:blank", "title", "Unauthorized", "status", 401,
                "detail", "The token is missing, unknown, revoked or replaced."));
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
