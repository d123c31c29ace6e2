package io.inventiv.agents.api.catalog;

/**
 * What a model needs.
 *
 * @param name             display name
 * @param requiredVramGb   GPU memory needed to serve it (weights and a working KV cache), in GB
 * @param dataVolumeGb     recommended size of the data volume that holds its weights, in GB
 * @param contextLength    longest context it is served with, in tokens
 */
public record ModelSpec(String name, int requiredVramGb, int dataVolumeGb, int contextLength) {}
