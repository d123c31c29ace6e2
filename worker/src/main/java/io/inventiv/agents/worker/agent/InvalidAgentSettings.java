package io.inventiv.agents.worker.agent;

import java.nio.file.Path;
import java.util.List;

/** {@code agent.properties} cannot be read or holds values the agent cannot run with; every problem is named. */
class InvalidAgentSettings extends RuntimeException {

    InvalidAgentSettings(Path file, List<String> problems) {
        super("Invalid agent settings in " + file + ":\n  - " + String.join("\n  - ", problems));
    }

    InvalidAgentSettings(Path file, String reason) {
        super("Cannot read agent settings " + file + ": " + reason);
    }
}
