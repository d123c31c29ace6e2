package io.inventiv.agents.worker.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agent --config <agent.properties>}: runs the agent until SIGTERM. Exit code 2 for a missing
 * or invalid configuration, 1 when the agent cannot start.
 */
public final class AgentCommand {

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    static final int INVALID_CONFIGURATION = 2;
    static final int NOT_STARTED = 1;
    private static final String USAGE = "Usage: java -jar inventiv-worker.jar agent --config <agent.properties>";

    private static final java.time.Duration MACHINE_WATCH_EVERY = java.time.Duration.ofSeconds(2);

    private AgentCommand() {
    }

    /** Runs the agent; returns only when it has stopped, or could not start, with the process's exit code. */
    public static int run(String[] args) {
        Optional<Path> config = configFile(args);
        if (config.isEmpty()) {
            System.err.println(USAGE);
            return INVALID_CONFIGURATION;
        }
        AgentSettings settings;
        try {
            settings = AgentSettings.load(config.get());
        } catch (InvalidAgentSettings e) {
            System.err.println(e.getMessage());
            return INVALID_CONFIGURATION;
        }
        Agent agent;
        try {
            agent = Agent.start(settings, Clock.systemUTC());
        } catch (AgentNotStarted e) {
            log.error("The agent cannot start: {}", e.getMessage());
            return NOT_STARTED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        watchForTheMachineGoing(config.get(), agent);
        try {
            agent.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The agent's own files gone (the machine's disk wiped, or a local machine's directory deleted with its
     * server) mean the machine is gone: the agent stops, and its engine with it, rather than run on as
     * nobody's process.
     */
    private static void watchForTheMachineGoing(Path config, Agent agent) {
        Thread.ofPlatform().daemon().name("machine-watch").start(() -> {
            while (true) {
                try {
                    Thread.sleep(MACHINE_WATCH_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!java.nio.file.Files.exists(config)) {
                    log.warn("{} is gone: the machine is gone, the agent stops", config);
                    agent.close();
                    return;
                }
            }
        });
    }

    /** {@code --config <file>} or {@code --config=<file>}, and nothing else. */
    static Optional<Path> configFile(String[] args) {
        if (args.length == 2 && args[0].equals("--config") && !args[1].isBlank()) {
            return Optional.of(Path.of(args[1]));
        }
        if (args.length == 1 && args[0].startsWith("--config=") && args[0].length() > "--config=".length()) {
            return Optional.of(Path.of(args[0].substring("--config=".length())));
        }
        return Optional.empty();
    }
}
