package io.inventiv.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's console in a real browser: the platform jar started as a user starts it, and each of the
 * console's browser scripts ({@code console/e2e/*.mjs}: playwright-core driving Debian's Chromium, headless)
 * run against the console it serves. A script drives the pages as an operator does, asserts what they show,
 * saves screenshots under {@code console/target/screenshots/} and reads them back for the key elements;
 * it exits non-zero at the first failure, and this test shows what it printed.
 */
class ConsoleBrowserIT {

    private static final Path CONSOLE = Path.of(System.getProperty("inventiv.console.dir", "../console")).toAbsolutePath().normalize();
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    private static PlatformProcess platform;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            fail("the console's browser tests drive Debian's Chromium, not found at " + CHROMIUM
                    + ": install it (apt-get install chromium) or name it with CHROMIUM");
        }
        if (!Files.isDirectory(CONSOLE.resolve("node_modules/playwright-core"))) {
            fail("the console's packages are not installed in " + CONSOLE + ": the build installs them (npm ci)");
        }
        platform = new PlatformProcess(Map.of(
                "INVENTIV_LOCAL_CLOUD_API_LATENCY", "5ms",
                "INVENTIV_LOCAL_CLOUD_BOOT_TIME", "1s",
                "INVENTIV_WORKER_HEARTBEAT_INTERVAL", "1s",
                "INVENTIV_WORKER_CHECK_INTERVAL", "1s",
                "INVENTIV_INSTALL_RECOVERY_DELAY", "10m",
                "SPRING_APPLICATION_JSON", """
                        {"db-scheduler": {"polling-interval": "200ms"},
                         "inventiv": {
                           "router": {"event-loops": 2},
                           "autoscaling": {"evaluate-every": "1s", "signal-window": "4s"},
                           "install": {"simulated": {"load-time": "1s", "time-to-first-token": "50ms", "tokens-per-second": "40"}}}}
                        """));
        platform.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    /** Every script in console/e2e/ but the harness they share: a new script is run without being named here. */
    static Stream<String> scripts() throws IOException {
        try (Stream<Path> files = Files.list(CONSOLE.resolve("e2e"))) {
            List<String> names = files.map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(".mjs") && !file.equals("harness.mjs"))
                    .map(file -> file.substring(0, file.length() - ".mjs".length()))
                    .sorted()
                    .toList();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void script(String name) throws Exception {
        // the script's screenshots are its own, of this run
        Path shots = CONSOLE.resolve("target/screenshots");
        if (Files.isDirectory(shots)) {
            try (Stream<Path> old = Files.list(shots)) {
                for (Path shot : old.filter(path -> path.getFileName().toString().startsWith(name + "-")).toList()) {
                    Files.delete(shot);
                }
            }
        }
        Path output = Files.createTempFile("console-" + name, ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "e2e/" + name + ".mjs"))
                .directory(CONSOLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CONSOLE_URL", platform.baseUrl() + "/console/");
        builder.environment().put("ADMIN_PASSWORD", platform.adminPassword());
        builder.environment().put("CHROMIUM", CHROMIUM);
        Process script;
        try {
            script = builder.start();
        } catch (IOException e) {
            throw new AssertionError("node is needed to run the console's browser scripts: " + e.getMessage(), e);
        }
        boolean ended = script.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        System.out.println("console/e2e/" + name + ".mjs:\n" + printed);
        assertThat(ended).as("%s.mjs ended within 5 minutes; it printed:%n%s", name, printed).isTrue();
        assertThat(script.exitValue()).as("%s.mjs exit status; it printed:%n%s%nthe platform's log ends with:%n%s",
                name, printed, platform.logTail()).isZero();
        try (Stream<Path> taken = Files.list(shots)) {
            assertThat(taken.map(path -> path.getFileName().toString()))
                    .as("the screenshots %s.mjs saved", name)
                    .anyMatch(file -> file.startsWith(name + "-") && !file.endsWith("-failure.png"));
        }
    }
}
