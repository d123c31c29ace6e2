package io.inventiv.agents.worker.agent;

import java.time.Instant;
import java.util.List;

/**
 * One run of the engine: the process, the port it serves on and the command that started it.
 * {@code generation} tells runs apart, so that readiness earned by one run is never credited to the next.
 *
 * @param child   the process as this agent started it, {@code null} when adopted
 * @param adopted started by an earlier agent that is gone, and taken over by this one
 */
record EngineProcess(ProcessHandle handle, Process child, int port, List<String> command, boolean adopted,
                     Instant startedAt, long generation) {

    EngineProcess {
        command = List.copyOf(command);
    }

    long pid() {
        return handle.pid();
    }
}
