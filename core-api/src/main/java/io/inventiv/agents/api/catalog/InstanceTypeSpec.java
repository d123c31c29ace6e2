package io.inventiv.agents.api.catalog;

/**
 * What a machine type offers.
 *
 * @param name         display name
 * @param gpuModel     for example {@code L4} or {@code H100-PCIe}
 * @param gpuCount     GPUs per machine
 * @param vramPerGpuGb memory of one GPU, in GB
 * @param vcpus        virtual CPUs
 * @param ramGb        machine memory, in GB
 */
public record InstanceTypeSpec(String name, String gpuModel, int gpuCount, int vramPerGpuGb, int vcpus, int ramGb) {

    public int totalVramGb() {
        return gpuCount * vramPerGpuGb;
    }
}
