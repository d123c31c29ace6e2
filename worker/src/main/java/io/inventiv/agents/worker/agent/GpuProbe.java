package io.inventiv.agents.worker.agent;

/** The GPUs' utilisation, 0 to 1, or {@code null} when it cannot be measured. */
@FunctionalInterface
interface GpuProbe {

    Double utilization();
}
