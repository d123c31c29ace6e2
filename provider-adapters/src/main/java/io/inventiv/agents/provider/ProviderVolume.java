package io.inventiv.agents.provider;

import java.time.Instant;
import java.util.List;

/** A block volume as the provider reports it; {@code serverId} is set while attached. */
public record ProviderVolume(String id, String name, String zone, int sizeGb, String serverId, List<String> tags,
                             Instant createdAt) {}
