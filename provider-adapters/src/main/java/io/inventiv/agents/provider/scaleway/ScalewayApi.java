package io.inventiv.agents.provider.scaleway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Scaleway HTTP API as the adapter uses it: the secret in {@code X-Auth-Token}, JSON both ways,
 * Scaleway's error body turned into a {@link ProviderException} of its {@code type}, and pages walked.
 * A call the API did not process (429, 5xx, 408, a transient state, no answer) is tried again with
 * backoff, honouring {@code Retry-After}; a creation is tried again only after a 429, which says it
 * was not processed, since a repeated one could make a second resource.
 */
class ScalewayApi {

    record Page(JsonNode body, int totalCount) {}

    private static final Logger log = LoggerFactory.getLogger(ScalewayApi.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int PAGE_SIZE = 100;

    private final URI base;
    private final String secretKey;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Retry idempotent;
    private final Retry creation;

    ScalewayApi(URI base, String secretKey, Duration timeout, int maxAttempts, ObjectMapper json) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.secretKey = secretKey;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.idempotent = retry("scaleway", maxAttempts, e -> e instanceof ScalewayError error && error.retryable());
        this.creation = retry("scaleway-create", maxAttempts, e -> e instanceof ScalewayError error && error.status() == 429);
    }

    private static Retry retry(String name, int maxAttempts, java.util.function.Predicate<Throwable> when) {
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof ScalewayError error && !error.retryAfter().isZero()) {
                Duration asked = error.retryAfter();
                return (asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked).toMillis();
            }
            long backoff = Math.min(FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10), LONGEST_BACKOFF.toMillis());
            return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        };
        return Retry.of(name, RetryConfig.custom().maxAttempts(Math.max(maxAttempts, 1)).intervalBiFunction(interval)
                .retryOnException(when).failAfterMaxAttempts(false).build());
    }

    JsonNode get(String path, Map<String, String> query) {
        return idempotent.executeSupplier(() -> send("GET", path, query, null, null)).body();
    }

    /** One page as the API answered it, with the total count it reported (-1: none). */
    Page getPage(String path, Map<String, String> query) {
        return idempotent.executeSupplier(() -> send("GET", path, query, null, null));
    }

    /** Every element of a paged list, whichever of Scaleway's two paging styles the API uses. */
    List<JsonNode> getAll(String path, Map<String, String> query, String listField, String pageSizeParameter) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, String> paged = new LinkedHashMap<>(query);
            paged.put("page", Integer.toString(page));
            paged.put(pageSizeParameter, Integer.toString(PAGE_SIZE));
            Page answer = idempotent.executeSupplier(() -> send("GET", path, paged, null, null));
            JsonNode items = answer.body().path(listField);
            items.forEach(all::add);
            if (items.size() < PAGE_SIZE || (answer.totalCount() >= 0 && all.size() >= answer.totalCount())) {
                return all;
            }
        }
    }

    JsonNode post(String path, Object body) {
        return idempotent.executeSupplier(() -> send("POST", path, Map.of(), body, null)).body();
    }

    /** A call that makes a resource: not repeated unless the API said it did not process it. */
    JsonNode create(String path, Object body) {
        return creation.executeSupplier(() -> send("POST", path, Map.of(), body, null)).body();
    }

    JsonNode patch(String path, Object body) {
        return idempotent.executeSupplier(() -> send("PATCH", path, Map.of(), body, null)).body();
    }

    void putText(String path, String text) {
        idempotent.executeSupplier(() -> send("PATCH", path, Map.of(), null, text));
    }

    /** Deletes; what is already gone counts as deleted. */
    void delete(String path) {
        try {
            idempotent.executeSupplier(() -> send("DELETE", path, Map.of(), null, null));
        } catch (ProviderResourceNotFound gone) {
            log.debug("{} was already gone", path);
        }
    }

    private Page send(String method, String path, Map<String, String> query, Object body, String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path, query)).timeout(timeout)
                .header("X-Auth-Token", secretKey).header("Accept", "application/json");
        try {
            if (text != null) {
                request.header("Content-Type", "text/plain").method(method, HttpRequest.BodyPublishers.ofString(text));
            } else if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                JsonNode parsed = response.body() == null || response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
                int total = response.headers().firstValue("X-Total-Count").map(ScalewayApi::number)
                        .orElse(parsed.path("total_count").isNumber() ? parsed.path("total_count").asInt() : -1);
                return new Page(parsed, total);
            }
            throw error(method, path, response);
        } catch (IOException e) {
            throw new ScalewayError(0, "unreachable", "Scaleway did not answer " + method + " " + path + ": " + describe(e), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted", "the call to Scaleway was interrupted");
        }
    }

    private ProviderException error(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException notJson) {
            body = json.createObjectNode();
        }
        String type = body.path("type").asText(status == 429 ? "too_many_requests" : "http_" + status);
        String message = body.path("message").asText("HTTP " + status);
        String detail = details(body);
        if (status == 404 || "not_found".equals(type)) {
            String resource = body.path("resource").asText("resource");
            return new ProviderResourceNotFound(resource.contains("volume") ? "volume" : resource.contains("server") ? "server" : resource,
                    body.path("resource_id").asText(path.substring(path.lastIndexOf('/') + 1)));
        }
        String described = "Scaleway refused " + method + " " + path + ": " + type + " (" + message + (detail.isEmpty() ? "" : "; " + detail) + ")";
        boolean later = status == 429 || status == 408 || status >= 500 || "transient_state".equals(type);
        Duration retryAfter = later ? response.headers().firstValue("Retry-After").map(ScalewayApi::seconds).orElse(Duration.ZERO) : null;
        return new ScalewayError(status, type, described, retryAfter);
    }

    private static String details(JsonNode body) {
        List<String> parts = new ArrayList<>();
        body.path("details").forEach(d -> parts.add(d.path("argument_name").asText(d.path("resource").asText("?")) + " "
                + d.path("reason").asText(d.path("help_message").asText(""))));
        body.path("fields").fields().forEachRemaining(f -> parts.add(f.getKey() + " " + f.getValue().toString()));
        if (body.hasNonNull("current_state")) {
            parts.add("state " + body.path("current_state").asText());
        }
        return String.join(", ", parts);
    }

    private URI uri(String path, Map<String, String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Duration seconds(String text) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text.trim())));
        } catch (NumberFormatException httpDate) {
            return Duration.ZERO;
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
