package io.inventiv.agents.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventiv.agents.support.security.EngineKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code POST /v1/chat/completions}: the model service named in the request is served by one of its
 * READY instances (the one with the fewest requests in flight), with the served model's name put in
 * the request and the service's name put back in the answer; a stream is relayed chunk by chunk. An
 * instance that cannot be reached is left for the next one before anything was sent to the client.
 */
@RestController
class ChatController {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofMinutes(10);

    private final RoutingTable table;
    private final ApiKeyAuthentication keys;
    private final ObjectProvider<EngineKeys> engineKeys;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1).build();
    private final Map<io.inventiv.agents.api.instance.InstanceId, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    ChatController(RoutingTable table, ApiKeyAuthentication keys, ObjectProvider<EngineKeys> engineKeys, ObjectMapper json) {
        this.table = table;
        this.keys = keys;
        this.engineKeys = engineKeys;
        this.json = json;
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> chat(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        RoutingTable.Key key = keys.authenticate(request);
        ObjectNode payload = read(body);
        if (!payload.path("model").isTextual() || payload.path("model").asText().isBlank()) {
            throw new OpenAiError(400, "invalid_request_error", "missing_required_parameter", "model", "you must provide a model parameter");
        }
        if (!payload.path("messages").isArray() || payload.path("messages").isEmpty()) {
            throw new OpenAiError(400, "invalid_request_error", "missing_required_parameter", "messages",
                    "messages must be a non-empty array of messages");
        }
        String name = payload.path("model").asText();
        RoutingTable.Service service = table.serviceFor(key, name).orElseThrow(() -> OpenAiError.modelNotFound(name));
        payload.put("model", service.modelId().value());
        boolean stream = payload.path("stream").asBoolean(false);
        List<RoutingTable.Instance> candidates = new ArrayList<>(table.readyInstances(service));
        candidates.sort(Comparator.comparingInt(i -> inFlight.computeIfAbsent(i.id(), k -> new AtomicInteger()).get()));
        for (RoutingTable.Instance instance : candidates) {
            AtomicInteger counter = inFlight.computeIfAbsent(instance.id(), k -> new AtomicInteger());
            counter.incrementAndGet();
            HttpResponse<InputStream> upstream;
            try {
                upstream = http.send(HttpRequest.newBuilder(URI.create(instance.engineUrl() + "/v1/chat/completions")).timeout(ANSWER)
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + engineKey(instance))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException unreachable) {
                counter.decrementAndGet();
                continue;
            } catch (InterruptedException e) {
                counter.decrementAndGet();
                Thread.currentThread().interrupt();
                throw new OpenAiError(503, "service_unavailable_error", null, null, "the request was interrupted");
            }
            return relay(upstream, service.name(), stream && upstream.statusCode() == 200, counter);
        }
        throw new OpenAiError(503, "service_unavailable_error", "model_not_ready", "model",
                "The model `" + name + "` has no instance ready to serve it right now; try again shortly.");
    }

    private ResponseEntity<StreamingResponseBody> relay(HttpResponse<InputStream> upstream, String serviceName, boolean stream, AtomicInteger counter) {
        MediaType type = stream ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON;
        StreamingResponseBody body = out -> {
            try (InputStream in = upstream.body()) {
                if (stream) {
                    relayStream(in, out, serviceName);
                } else {
                    JsonNode answer = json.readTree(in);
                    if (answer instanceof ObjectNode object && object.has("model")) {
                        object.put("model", serviceName);
                    }
                    out.write(json.writeValueAsBytes(answer));
                }
            } finally {
                counter.decrementAndGet();
            }
        };
        return ResponseEntity.status(upstream.statusCode()).contentType(type).body(body);
    }

    /** Each {@code data:} event as it comes, with the service's name as its model; everything else as it is. */
    private void relayStream(InputStream in, OutputStream out, String serviceName) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("data:") && !line.substring(5).trim().equals("[DONE]")) {
                JsonNode event = json.readTree(line.substring(5).trim());
                if (event instanceof ObjectNode object && object.has("model")) {
                    object.put("model", serviceName);
                }
                line = "data: " + json.writeValueAsString(event);
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            if (line.isEmpty()) {
                out.flush();
            }
        }
        out.flush();
    }

    private String engineKey(RoutingTable.Instance instance) {
        EngineKeys keys = engineKeys.getIfAvailable();
        if (keys == null) {
            throw new OpenAiError(500, "server_error", null, null, "this node cannot reach engines: it holds no engine key secret");
        }
        return keys.of(instance.id());
    }

    private ObjectNode read(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException notJson) {
            throw new OpenAiError(400, "invalid_request_error", null, null, "We could not parse the JSON body of your request.");
        }
        throw new OpenAiError(400, "invalid_request_error", null, null, "the request body must be a JSON object");
    }
}
