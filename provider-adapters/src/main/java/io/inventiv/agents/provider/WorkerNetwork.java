package io.inventiv.agents.provider;

/**
 * Where a worker on one of a provider's machines listens. On a VM of its own it takes every interface
 * and the usual ports; where machines share one host (the local provider), loopback and free ports.
 *
 * @param agentPort  {@code 0}: any free port, reported by the worker when it enrols
 * @param enginePort {@code 0}: any free port, reported by the worker when it enrols
 */
public record WorkerNetwork(String bindAddress, int agentPort, int enginePort) {

    public static final WorkerNetwork DEDICATED_MACHINE = new WorkerNetwork("0.0.0.0", 9100, 8000);
    public static final WorkerNetwork SHARED_HOST = new WorkerNetwork("127.0.0.1", 0, 0);
}
