package io.inventiv.agents.provider.scaleway.fake;

import java.util.List;
import java.util.Map;

/** A server as the fake holds it at one instant; {@code publicAddress} is null while it has no public IP. */
public record ServerSnapshot(String zone, String id, String name, String commercialType, String state,
                             List<String> tags, String publicAddress, List<String> volumeIds,
                             Map<String, String> userData) {}
