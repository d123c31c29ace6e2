package io.inventiv.agents.worker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulated engine started as its jar starts it, on a free port, with settings fast enough for
 * tests unless a test overrides them; driven over real HTTP.
 */
final class RunningEngine implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    final int port;

    private RunningEngine(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** @param settings {@code inventiv.engine.*} settings without the prefix, e.g. {@code "max-num-seqs=1"} */
    static RunningEngine start(String... settings) {
        return new RunningEngine(new SpringApplicationBuilder(SimulatedEngineApplication.class).run(args(settings)));
    }

    static String[] args(String... settings) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("port", "0");
        values.put("load-time", "0s");
        values.put("time-to-first-token", "5ms");
        values.put("tokens-per-second", "2000");
        for (String setting : settings) {
            String[] keyValue = setting.split("=", 2);
            values.put(keyValue[0], keyValue[1]);
        }
        return values.entrySet().stream()
                .map(entry -> "--inventiv.engine." + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return http;
    }

    /** One sample of {@code /metrics}, found by its name and its labels after the engine's own. */
    double metric(String name, String extraLabels) {
        String labels = "model_name=\"[^\"]*\",engine=\"0\""
                + (extraLabels.isEmpty() ? "" : "," + Pattern.quote(extraLabels));
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + labels + "} (\\S+)$")
                .matcher(get("/metrics").body());
        if (!sample.find()) {
            throw new AssertionError("no sample " + name + " {" + extraLabels + "} in /metrics");
        }
        return Double.parseDouble(sample.group(1));
    }

    double metric(String name) {
        return metric(name, "");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
