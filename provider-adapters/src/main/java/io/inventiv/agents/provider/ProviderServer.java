package io.inventiv.agents.provider;

import java.time.Instant;
import java.util.List;

/**
 * A server as the provider reports it. {@code ipAddress} is set once it runs; {@code sshPort} is where
 * its SSH server listens (22 on a cloud VM; {@code null} until it answers).
 */
public record ProviderServer(String id, String name, String zone, String commercialType, State state,
                             String ipAddress, List<String> tags, List<String> volumeIds, Instant createdAt, Integer sshPort) {

    public enum State { STOPPED, STARTING, RUNNING }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRunningWithAddress() {
        return state == State.RUNNING && ipAddress != null;
    }
}
