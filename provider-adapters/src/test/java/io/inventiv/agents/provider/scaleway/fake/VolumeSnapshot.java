package io.inventiv.agents.provider.scaleway.fake;

import java.util.List;

/** A Block Storage volume as the fake holds it at one instant; {@code serverIds} are its references. */
public record VolumeSnapshot(String zone, String id, String name, String status, long size, List<String> tags,
                             List<String> serverIds) {}
