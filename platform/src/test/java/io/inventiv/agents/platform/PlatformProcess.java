package io.inventiv.agents.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.support.storage.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform as a user runs it: {@code java -jar inventiv-platform.jar} in its own OS process, with
 * its own data directory (embedded PostgreSQL) unless {@code INVENTIV_TEST_DB_URL} names a server.
 * It can be stopped gracefully or killed with SIGKILL, and started again on the same data.
 */
final class PlatformProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    private final int dataPlanePort;
    private final Path log;
    private Process process;

    private final boolean ownsDataDir;

    PlatformProcess(Map<String, String> settings) throws IOException {
        this(settings, null);
    }

    /**
     * A node of a cluster: its data directory is {@code sharedDataDir}, which the caller creates and removes, and it uses the
     * database its settings name ({@code INVENTIV_DB_URL}).
     */
    PlatformProcess(Map<String, String> settings, Path sharedDataDir) throws IOException {
        this.ownsDataDir = sharedDataDir == null;
        this.dataDir = sharedDataDir != null ? sharedDataDir : Files.createTempDirectory("inventiv-e2e");
        this.port = freePort();
        this.log = dataDir.resolve("platform-" + port + ".log");
        this.env = new HashMap<>(settings);
        env.put("PORT", Integer.toString(port));
        this.dataPlanePort = freePort();
        env.put("INVENTIV_DATA_PLANE_PORT", Integer.toString(dataPlanePort));
        env.put("INVENTIV_DATA_DIR", dataDir.toString());
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        String external = System.getenv("INVENTIV_TEST_DB_URL");
        if (external != null && !external.isBlank() && !settings.containsKey("INVENTIV_DB_URL")) {
            TestDatabase.Connection db = TestDatabase.create();
            env.put("INVENTIV_DB_URL", db.url());
            env.put("INVENTIV_DB_USER", db.user());
            env.put("INVENTIV_DB_PASSWORD", db.password() == null ? "" : db.password());
        }
    }

    void start() throws Exception {
        String jar = System.getProperty("inventiv.platform.jar", "target/inventiv-platform.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // nothing of the caller's own configuration leaks into the platform under test
        builder.environment().keySet().removeIf(name -> name.startsWith("INVENTIV_") || name.startsWith("SPRING_") || name.startsWith("AXON_"));
        builder.environment().putAll(env);
        process = builder.start();
        awaitHealthy(Duration.ofSeconds(90));
    }

    /** The operating system's id of the running platform. */
    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** The data plane's own port ({@code /v1} without the admin port's relay). */
    int dataPlanePort() {
        return dataPlanePort;
    }

    /** The password generated for {@code admin} at the first start, from the owner-only file in the data directory. */
    String adminPassword() throws IOException {
        Path file = dataDir.resolve("admin-password");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!permissions.equals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))) {
            throw new IllegalStateException("the admin password file is not owner-only: " + permissions);
        }
        return Files.readString(file).strip();
    }

    boolean hasAdminPasswordFile() {
        return Files.exists(dataDir.resolve("admin-password"));
    }

    /** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is left behind as it would be after a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the platform gracefully (it stops its PostgreSQL) and removes its data directory. */
    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (!ownsDataDir) {
            return;
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Where the platform keeps its data: the local cloud's machines live under {@code local-cloud/machines/<server id>}. */
    Path dataDir() {
        return dataDir;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(response.body());
                if (response.statusCode() == 200 && "UP".equals(body.path("status").asText())) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the platform did not become healthy within " + timeout + ":\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
