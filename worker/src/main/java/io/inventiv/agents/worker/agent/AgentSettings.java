package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * The agent's settings, read from {@code agent.properties} as the worker protocol defines them.
 * Relative paths are resolved against the file's directory, so the platform can upload a tree of
 * files without knowing where the login directory is.
 *
 * @param simulated settings passed to the simulated engine as {@code --inventiv.engine.<key>=<value>}
 * @param downloadDir where vLLM keeps weights; {@code null} leaves vLLM's default
 * @param engineApiKey the key the engine asks of every {@code /v1} request; {@code null}: an open engine
 * @param hfToken      a Hugging Face token for the engine (gated models); {@code null}: none
 */
record AgentSettings(
        URI controlPlaneUrl,
        String instanceId,
        Path bootstrapTokenFile,
        Path stateDir,
        String bindAddress,
        int agentPort,
        EngineKind engine,
        int enginePort,
        String model,
        String servedModelName,
        int maxModelLen,
        int maxNumSeqs,
        int tensorParallelSize,
        BigDecimal gpuMemoryUtilization,
        Path downloadDir,
        String vllmCommand,
        String java,
        SortedMap<String, String> simulated,
        Duration heartbeatInterval,
        String engineApiKey,
        String hfToken) {

    private static final Logger log = LoggerFactory.getLogger(AgentSettings.class);

    private static final String SIMULATED_PREFIX = "simulated.";
    private static final Set<String> KEYS = Set.of("control-plane-url", "instance-id", "bootstrap-token-file",
            "state-dir", "bind-address", "agent-port", "engine", "engine-port", "model", "served-model-name",
            "max-model-len", "max-num-seqs", "tensor-parallel-size", "gpu-memory-utilization", "download-dir",
            "vllm-command", "java", "heartbeat-interval", "engine-api-key-file", "hf-token-file");
    /** Engine settings the agent derives from its own keys; a {@code simulated.*} copy would contradict them. */
    private static final Set<String> DERIVED_ENGINE_SETTINGS = Set.of("host", "port", "model", "served-model-name",
            "max-model-len", "max-num-seqs");

    static AgentSettings load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidAgentSettings(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        return parse(properties, base, file);
    }

    static AgentSettings parse(Properties properties, Path base, Path file) {
        Values values = new Values(properties, base);
        URI controlPlaneUrl = values.required("control-plane-url", Values::httpUrl);
        String instanceId = values.required("instance-id");
        Path bootstrapTokenFile = values.path("bootstrap-token-file", "bootstrap-token");
        Path stateDir = values.path("state-dir", "agent");
        String bindAddress = values.optional("bind-address", "0.0.0.0");
        Integer agentPort = values.optional("agent-port", "9100", Values::port);
        EngineKind engine = values.optional("engine", "simulated", Values::engineKind);
        Integer enginePort = values.optional("engine-port", "8000", Values::port);
        String model = values.required("model");
        String servedModelName = values.optional("served-model-name", model);
        Integer maxModelLen = values.optional("max-model-len", "8192", Values::positiveInt);
        Integer maxNumSeqs = values.optional("max-num-seqs", "256", Values::positiveInt);
        Integer tensorParallelSize = values.optional("tensor-parallel-size", "1", Values::positiveInt);
        BigDecimal gpuMemoryUtilization = values.optional("gpu-memory-utilization", "0.90", Values::fraction);
        Path downloadDir = values.has("download-dir") ? values.path("download-dir", null) : null;
        String vllmCommand = values.command("vllm-command", "vllm");
        String java = values.command("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        SortedMap<String, String> simulated = values.simulated();
        Duration heartbeatInterval = values.optional("heartbeat-interval", "5s", Values::positiveDuration);
        String engineApiKey = values.has("engine-api-key-file") ? values.secretFile("engine-api-key-file") : null;
        String hfToken = values.has("hf-token-file") ? values.secretFile("hf-token-file") : null;
        if (!values.problems.isEmpty()) {
            throw new InvalidAgentSettings(file, values.problems);
        }
        properties.stringPropertyNames().stream()
                .filter(key -> !KEYS.contains(key) && !key.startsWith(SIMULATED_PREFIX))
                .sorted()
                .forEach(key -> log.warn("Ignoring unknown key {} in {}", key, file));
        return new AgentSettings(controlPlaneUrl, instanceId, bootstrapTokenFile, stateDir, bindAddress, agentPort,
                engine, enginePort, model, servedModelName, maxModelLen, maxNumSeqs, tensorParallelSize,
                gpuMemoryUtilization, downloadDir, vllmCommand, java, simulated, heartbeatInterval, engineApiKey, hfToken);
    }

    /** Reads one key at a time and collects every problem, so that one run of the agent names them all. */
    private static final class Values {

        private final Properties properties;
        private final Path base;
        private final List<String> problems = new ArrayList<>();

        Values(Properties properties, Path base) {
            this.properties = properties;
            this.base = base;
        }

        boolean has(String key) {
            return value(key) != null;
        }

        String required(String key) {
            return required(key, Function.identity());
        }

        <T> T required(String key, Function<String, T> parser) {
            String value = value(key);
            if (value == null) {
                problems.add(key + " is required");
                return null;
            }
            return parsed(key, value, parser);
        }

        String optional(String key, String fallback) {
            return optional(key, fallback, Function.identity());
        }

        <T> T optional(String key, String fallback, Function<String, T> parser) {
            String value = value(key);
            return parsed(key, value == null ? fallback : value, parser);
        }

        /** The first line of the file the key names: a secret, never echoed in a problem. */
        String secretFile(String key) {
            Path file = path(key, null);
            if (file == null) {
                return null;
            }
            try {
                String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (secret.isEmpty() || secret.contains("\n")) {
                    problems.add(key + ": " + file + " must hold one non-empty line");
                    return null;
                }
                return secret;
            } catch (IOException e) {
                problems.add(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
                return null;
            }
        }

        Path path(String key, String fallback) {
            return optional(key, fallback, value -> base.resolve(value).normalize());
        }

        /** A bare name is looked up on the PATH when run; a path is resolved like the other paths. */
        String command(String key, String fallback) {
            return optional(key, fallback, value -> value.contains("/") ? base.resolve(value).normalize().toString()
                    : value);
        }

        SortedMap<String, String> simulated() {
            SortedMap<String, String> settings = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                if (!key.startsWith(SIMULATED_PREFIX)) {
                    continue;
                }
                String setting = key.substring(SIMULATED_PREFIX.length());
                if (setting.isBlank()) {
                    problems.add(key + " names no engine setting");
                } else if (DERIVED_ENGINE_SETTINGS.contains(setting)) {
                    problems.add(key + " is set from the agent's own keys; use " + topLevelKeyFor(setting));
                } else {
                    settings.put(setting, properties.getProperty(key).strip());
                }
            }
            return settings;
        }

        private static String topLevelKeyFor(String setting) {
            return Map.of("host", "bind-address", "port", "engine-port").getOrDefault(setting, setting);
        }

        private String value(String key) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? null : value.strip();
        }

        private <T> T parsed(String key, String value, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                problems.add(key + " " + e.getMessage() + ", not '" + value + "'");
                return null;
            }
        }

        static URI httpUrl(String value) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be an http or https URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an http or https URL");
            }
            return uri;
        }

        static int port(String value) {
            int port = integer(value, "must be a port number (0-65535)");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("must be a port number (0-65535)");
            }
            return port;
        }

        static int positiveInt(String value) {
            int number = integer(value, "must be a whole number of at least 1");
            if (number < 1) {
                throw new IllegalArgumentException("must be a whole number of at least 1");
            }
            return number;
        }

        static BigDecimal fraction(String value) {
            BigDecimal fraction;
            try {
                fraction = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number above 0 and at most 1");
            }
            if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("must be a number above 0 and at most 1");
            }
            return fraction;
        }

        static EngineKind engineKind(String value) {
            return EngineKind.named(value)
                    .orElseThrow(() -> new IllegalArgumentException("must be 'simulated' or 'vllm'"));
        }

        static Duration positiveDuration(String value) {
            Duration duration;
            try {
                duration = DurationStyle.detectAndParse(value, ChronoUnit.SECONDS);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a duration such as 500ms, 5s or 1m");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("must be a duration above zero");
            }
            return duration;
        }

        private static int integer(String value, String requirement) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(requirement);
            }
        }
    }
}
