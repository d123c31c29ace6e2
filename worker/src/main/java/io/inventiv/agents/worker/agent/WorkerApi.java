package io.inventiv.agents.worker.agent;

/** The bodies of {@code /internal/worker/*} as the worker protocol defines them; snake_case on the wire. */
final class WorkerApi {

    private WorkerApi() {
    }

    record Registration(String instanceId, String bootstrapToken, int agentPort, int enginePort, String engine,
                        String model, String servedModelName, String agentVersion) {

        @Override
        public String toString() {
            return "Registration[instanceId=" + instanceId + ", bootstrapToken=****]";
        }
    }

    record Enrolled(String workerToken, String instanceId, Double heartbeatIntervalSeconds) {

        @Override
        public String toString() {
            return "Enrolled[instanceId=" + instanceId + ", workerToken=****]";
        }
    }

    record Heartbeat(int agentPort, int enginePort, ReadinessReport readiness, EngineReport engine,
                     Metrics metrics) {
    }

    record ReadinessReport(boolean engineHttpUp, boolean modelLoaded, boolean warmedUp) {

        static ReadinessReport of(Readiness readiness) {
            return new ReadinessReport(readiness.engineHttpUp(), readiness.modelLoaded(), readiness.warmedUp());
        }
    }

    record EngineReport(String kind, boolean running, Long pid, int restarts) {
    }

    /** Each value {@code null} when not measured. */
    record Metrics(Double gpuUtilization, Long requestsRunning, Long requestsWaiting, Double kvCacheUsage,
                   Double timeToFirstTokenSeconds, Long promptTokensTotal, Long generationTokensTotal) {

        static final Metrics NONE = new Metrics(null, null, null, null, null, null, null);
    }

    record HeartbeatAnswer(boolean rotateToken, Double heartbeatIntervalSeconds) {
    }

    record Rotated(String workerToken) {

        @Override
        public String toString() {
            return "Rotated[workerToken=****]";
        }
    }
}
