package io.inventiv.agents.worker.agent;

/** The agent could not start: its state dir is taken by another agent, or its port cannot be bound. */
class AgentNotStarted extends RuntimeException {

    AgentNotStarted(String message, Throwable cause) {
        super(message, cause);
    }
}
