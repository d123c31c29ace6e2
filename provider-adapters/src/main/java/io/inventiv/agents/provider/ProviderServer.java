package io.inventiv.agents.provider;

import java.time.Instant;
import java.util.List;

/** A server as the provider reports it. {@code ipAddress} is set once it runs. */
public record ProviderServer(String id, String name, String zone, String commercialType, State state,
                             String ipAddress, List<String> tags, List<String> volumeIds, Instant createdAt) {

    public enum State { STOPPED, STARTING, RUNNING }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRunningWithAddress() {
        return state == State.RUNNING && ipAddress != null;
    }
}
