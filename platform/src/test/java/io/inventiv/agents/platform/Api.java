package io.inventiv.agents.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/** A plain HTTP client of the platform's admin API, as any user's script would be. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String contentType, JsonNode body, String location, java.net.http.HttpHeaders headers) {}

    record Event(String name, JsonNode data) {}

    private final java.net.CookieManager cookies = new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies).build();
    private final String base;

    /** A client with a cookie jar of its own: one signed-in user. */
    Api(String base) {
        this.base = base;
    }

    /** Logs in; on success the session cookie is kept for the following requests. */
    Response login(String login, String password) {
        return post("/auth/login", json(Map.of("login", login, "password", password)));
    }

    /** A client that logs in and must succeed. */
    static Api loggedIn(String base, String login, String password) {
        Api api = new Api(base);
        Response response = api.login(login, password);
        if (response.status() != 200) {
            throw new IllegalStateException("login of " + login + " refused: " + response.status() + " " + response.body());
        }
        return api;
    }

    /** The session cookie this client holds, as a browser would send it back. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("inventiv_session"))
                .map(c -> c.getName() + "=" + c.getValue()).findFirst().orElseThrow();
    }

    /** A GET that carries exactly this Cookie header, outside of any cookie jar. */
    Response getWithCookie(String path, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET());
    }

    Response getWithHeader(String path, String name, String value) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header(name, value).GET());
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)), headers)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST whose answer is read as text (a stream of server-sent events, say). */
    String postForText(String path, String json, String... headers) {
        try {
            return http.send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)), headers).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Subscribes to the server-sent event stream; events arrive in the returned queue until the stream is closed. */
    BlockingQueue<Event> stream(String query) throws IOException, InterruptedException {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(base + "/events/stream" + query))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream refused with " + response.statusCode());
        }
        Thread reader = new Thread(() -> {
            String name = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) response.body()::iterator) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    } else if (line.isEmpty() && name != null) {
                        try {
                            events.add(new Event(name, JSON.readTree(data.toString())));
                        } catch (IOException e) {
                            events.add(new Event("unreadable", JSON.getNodeFactory().textNode(data.toString())));
                        }
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (java.io.UncheckedIOException streamClosed) {
                // the platform went away (it was stopped or killed): the stream ends here
            }
            events.add(new Event("closed", JSON.nullNode()));
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body().isEmpty() ? JSON.nullNode()
                    : contentType.startsWith("text/csv") ? JSON.getNodeFactory().textNode(response.body()) : JSON.readTree(response.body());
            return new Response(response.statusCode(), contentType, body,
                    response.headers().firstValue("Location").orElse(null), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refusal as RFC 9457 problem+json: the status, the problem type, and words for a person. */
    static void assertProblem(Response response, int status, String type) {
        org.assertj.core.api.Assertions.assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(response.contentType()).startsWith("application/problem+json");
        org.assertj.core.api.Assertions.assertThat(response.body().path("type").asText()).endsWith("/" + type);
        org.assertj.core.api.Assertions.assertThat(response.body().path("title").asText()).isNotBlank();
        org.assertj.core.api.Assertions.assertThat(response.body().path("detail").asText()).isNotBlank();
    }

    /** The element of a JSON array whose {@code field} is {@code value}. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
