package io.inventiv.agents.provider;

import java.util.List;

/** A block volume to create. */
public record VolumeSpec(String zone, String name, int sizeGb, List<String> tags) {}
