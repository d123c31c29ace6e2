package io.inventiv.agents.worker.agent;

import java.util.List;

/**
 * The body of {@code GET /info}.
 *
 * @param pid           the agent's process
 * @param lastHeartbeat {@code null} until a heartbeat has been sent
 */
record AgentInfo(String instanceId, String agentVersion, long pid, int agentPort, String model,
                 String servedModelName, Engine engine, Enrolment enrolment, Heartbeat lastHeartbeat) {

    /**
     * @param pid     {@code null} while no engine runs
     * @param adopted started by an earlier agent and taken over by this one
     */
    record Engine(String kind, List<String> command, Long pid, int port, boolean running, boolean adopted,
                  int restarts) {
    }

    /** @param enrolledAt when this run of the agent enrolled; {@code null} when it uses a saved token or none */
    record Enrolment(boolean enrolled, String enrolledAt, double heartbeatIntervalSeconds) {
    }

    /** @param outcome {@code ok}, {@code refused} (the token was refused) or {@code failed} (no usable answer) */
    record Heartbeat(String at, String outcome, String detail) {
    }
}
