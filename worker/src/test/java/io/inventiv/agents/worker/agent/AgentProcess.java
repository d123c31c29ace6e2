package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent started as the bootstrap script starts it: {@code agent --config <file>} in a JVM of its
 * own, its output appended to {@code agent.log} in the state dir. Talked to over its HTTP API.
 */
final class AgentProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path stateDir;

    private AgentProcess(Process process, Path stateDir) {
        this.process = process;
        this.stateDir = stateDir;
    }

    static AgentProcess start(Path config, Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "io.inventiv.agents.worker.WorkerMain", "agent", "--config", config.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("agent.log").toFile()))
                .start();
        return new AgentProcess(process, stateDir);
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** This agent's port, once it has written it: {@code agent.port} may still be a predecessor's until then. */
    Optional<Integer> port() {
        try {
            String pid = Files.readString(stateDir.resolve("agent.pid")).strip();
            if (!pid.equals(Long.toString(process.pid())) || !Files.exists(stateDir.resolve("agent.port"))) {
                return Optional.empty();
            }
            int port = Integer.parseInt(Files.readString(stateDir.resolve("agent.port")).strip());
            JsonNode info = FakeControlPlane.JSON.readTree(send(port, "GET", "/info").body());
            return info.path("pid").asLong() == process.pid() ? Optional.of(port) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    HttpResponse<String> get(String path) {
        return send(port().orElseThrow(() -> new AssertionError("the agent has not written its port")), "GET", path);
    }

    HttpResponse<String> post(String path) {
        return send(port().orElseThrow(), "POST", path);
    }

    JsonNode info() {
        try {
            return FakeControlPlane.JSON.readTree(get("/info").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(int port, String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
