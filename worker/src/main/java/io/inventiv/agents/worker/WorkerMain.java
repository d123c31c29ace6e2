package io.inventiv.agents.worker;

import io.inventiv.agents.worker.agent.AgentCommand;
import io.inventiv.agents.worker.engine.SimulatedEngineApplication;
import java.util.Arrays;

/**
 * The worker jar's entry point: {@code agent --config <file>} runs the worker agent, {@code engine}
 * runs the simulated engine, and any other arguments go to the simulated engine unchanged, as they
 * did when it was the jar's only application.
 */
public final class WorkerMain {

    /** The agent's logging, set before any logger exists; the engine keeps Spring Boot's. */
    private static final String AGENT_LOGGING = "io/inventiv/agents/worker/agent/logback-agent.xml";

    private WorkerMain() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "agent" -> {
                System.setProperty("logback.configurationFile", AGENT_LOGGING);
                int exitCode = AgentCommand.run(Arrays.copyOfRange(args, 1, args.length));
                System.exit(exitCode);
            }
            case "engine" -> SimulatedEngineApplication.main(Arrays.copyOfRange(args, 1, args.length));
            default -> SimulatedEngineApplication.main(args);
        }
    }
}
