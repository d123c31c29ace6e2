package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent asks the engine over its OpenAI-compatible HTTP API. Every failure (refused
 * connection, timeout, unexpected answer) reads as "no", which is what a readiness check needs.
 */
final class EngineClient implements EngineProbe {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** A first completion can be slow on a GPU (kernels compiled, graphs captured): long, but bounded. */
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String host;
    private final ObjectMapper json;
    private final String apiKey;

    EngineClient(HttpClient http, String bindAddress, ObjectMapper json, String apiKey) {
        this.http = http;
        this.host = probeHost(bindAddress);
        this.json = json;
        this.apiKey = apiKey;
    }

    /** Requests under {@code /v1} carry the engine's key when it has one. */
    private HttpRequest.Builder v1(int port, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path));
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    /** The engine listening on every interface is reached on loopback. */
    private static String probeHost(String bindAddress) {
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            return (address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address).getHostAddress();
        } catch (UnknownHostException e) {
            return bindAddress;
        }
    }

    @Override
    public boolean healthy(int port) {
        return send(HttpRequest.newBuilder(uri(port, "/health")).timeout(PROBE_TIMEOUT).GET())
                .filter(response -> response.statusCode() == 200).isPresent();
    }

    @Override
    public boolean serves(int port, String servedModelName) {
        return send(v1(port, "/v1/models").timeout(PROBE_TIMEOUT).GET())
                .filter(response -> response.statusCode() == 200)
                .map(response -> lists(response.body(), servedModelName))
                .orElse(false);
    }

    @Override
    public boolean answersOneToken(int port, String servedModelName) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("model", servedModelName, "max_tokens", 1,
                    "messages", List.of(Map.of("role", "user", "content", "Hello"))));
        } catch (IOException e) {
            return false;
        }
        return send(v1(port, "/v1/chat/completions").timeout(WARM_UP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)))
                .filter(response -> response.statusCode() == 200).isPresent();
    }

    /** The engine's Prometheus text, as it serves it. */
    Optional<String> metrics(int port) {
        return send(HttpRequest.newBuilder(uri(port, "/metrics")).timeout(PROBE_TIMEOUT).GET())
                .filter(response -> response.statusCode() == 200)
                .map(HttpResponse::body);
    }

    private boolean lists(String body, String servedModelName) {
        try {
            for (JsonNode card : json.readTree(body).path("data")) {
                if (servedModelName.equals(card.path("id").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<HttpResponse<String>> send(HttpRequest.Builder request) {
        try {
            return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private URI uri(int port, String path) {
        try {
            return new URI("http", null, host, port, path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
