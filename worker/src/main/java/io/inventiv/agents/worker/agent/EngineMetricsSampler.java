package io.inventiv.agents.worker.agent;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns the engine's Prometheus text into a heartbeat's metrics. The time to first token is the mean
 * over the requests that got their first token since the previous sample of the same engine process,
 * from the deltas of the histogram's sum and count; {@code null} when there were none.
 */
final class EngineMetricsSampler {

    private final EngineKind kind;
    private final int maxNumSeqs;
    private final GpuProbe gpu;

    private long sampledPid = -1;
    private double previousTtftSum;
    private double previousTtftCount;

    EngineMetricsSampler(EngineKind kind, int maxNumSeqs, GpuProbe gpu) {
        this.kind = kind;
        this.maxNumSeqs = maxNumSeqs;
        this.gpu = gpu;
    }

    /**
     * @param enginePid  the engine process the text comes from: a new process starts its counters afresh
     * @param exposition the engine's {@code /metrics}, empty when it could not be read
     */
    synchronized WorkerApi.Metrics sample(long enginePid, Optional<String> exposition) {
        if (exposition.isEmpty()) {
            return new WorkerApi.Metrics(kind == EngineKind.VLLM ? gpu.utilization() : null,
                    null, null, null, null, null, null);
        }
        PrometheusSamples samples = PrometheusSamples.parse(exposition.get());
        Long running = whole(samples.sum("vllm:num_requests_running"));
        OptionalDouble kvCache = samples.mean("vllm:kv_cache_usage_perc");
        return new WorkerApi.Metrics(
                gpuUtilization(running),
                running,
                whole(samples.sum("vllm:num_requests_waiting")),
                decimal(kvCache.isPresent() ? kvCache : samples.mean("vllm:gpu_cache_usage_perc")),
                timeToFirstToken(enginePid, samples),
                whole(samples.sum("vllm:prompt_tokens_total")),
                whole(samples.sum("vllm:generation_tokens_total")));
    }

    private Double gpuUtilization(Long running) {
        if (kind == EngineKind.VLLM) {
            return gpu.utilization();
        }
        return running == null ? null : (double) running / maxNumSeqs;
    }

    private Double timeToFirstToken(long enginePid, PrometheusSamples samples) {
        OptionalDouble sum = samples.sum("vllm:time_to_first_token_seconds_sum");
        OptionalDouble count = samples.sum("vllm:time_to_first_token_seconds_count");
        if (sum.isEmpty() || count.isEmpty()) {
            return null;
        }
        if (enginePid != sampledPid || count.getAsDouble() < previousTtftCount) {
            sampledPid = enginePid;
            previousTtftSum = 0;
            previousTtftCount = 0;
        }
        double requests = count.getAsDouble() - previousTtftCount;
        double seconds = sum.getAsDouble() - previousTtftSum;
        previousTtftSum = sum.getAsDouble();
        previousTtftCount = count.getAsDouble();
        return requests > 0 ? seconds / requests : null;
    }

    private static Long whole(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? Math.round(value.getAsDouble()) : null;
    }

    private static Double decimal(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value.getAsDouble() : null;
    }
}
