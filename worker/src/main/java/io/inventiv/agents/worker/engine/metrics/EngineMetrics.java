package io.inventiv.agents.worker.engine.metrics;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The subset of vLLM's V1 Prometheus metrics a router, an autoscaler or a benchmark reads, with vLLM's
 * names, help texts, labels and histogram buckets ({@code vllm/v1/metrics/loggers.py}), so that
 * dashboards and scrapers cannot tell the simulated engine from a real one.
 *
 * <p>Written by hand rather than through Micrometer: Micrometer renames metrics after its own
 * conventions, and the exact names are the contract here.
 */
public final class EngineMetrics {

    private static final double[] TIME_TO_FIRST_TOKEN_BUCKETS = {
            0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
            40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] REQUEST_LATENCY_BUCKETS = {
            0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
            480.0, 960.0, 1920.0, 7680.0};
    /** vLLM's label for a single engine core; several appear only with data parallelism. */
    private static final String ENGINE = "0";

    private final String modelName;
    private final IntSupplier running;
    private final IntSupplier waiting;
    private final int maxNumSeqs;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generationTokens = new LongAdder();
    private final Map<FinishReason, LongAdder> finished = new EnumMap<>(FinishReason.class);
    private final Histogram timeToFirstToken = new Histogram(TIME_TO_FIRST_TOKEN_BUCKETS);
    private final Histogram e2eLatency = new Histogram(REQUEST_LATENCY_BUCKETS);

    /**
     * @param modelName the first served model name, as vLLM labels its metrics
     * @param running   sequences in the running batch
     * @param waiting   requests queued for a slot
     */
    public EngineMetrics(String modelName, IntSupplier running, IntSupplier waiting, int maxNumSeqs) {
        this.modelName = modelName;
        this.running = running;
        this.waiting = waiting;
        this.maxNumSeqs = maxNumSeqs;
        for (FinishReason reason : FinishReason.values()) {
            finished.put(reason, new LongAdder());
        }
    }

    public void promptTokens(int tokens) {
        promptTokens.add(tokens);
    }

    public void generationTokens(int tokens) {
        generationTokens.add(tokens);
    }

    /** Time to first token counts from arrival, queueing included, as in vLLM. */
    public void firstToken(long nanosSinceArrival) {
        timeToFirstToken.observe(nanosSinceArrival / 1e9);
    }

    public void finished(FinishReason reason, long nanosSinceArrival) {
        finished.get(reason).increment();
        e2eLatency.observe(nanosSinceArrival / 1e9);
    }

    public String exposition() {
        int runningNow = running.getAsInt();
        PrometheusText text = new PrometheusText(modelName, ENGINE)
                .gauge("vllm:num_requests_running", "Number of requests in model execution batches.", runningNow)
                .gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.",
                        waiting.getAsInt())
                // the simulated KV cache fills with sequences, not with tokens
                .gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
                        (double) runningNow / maxNumSeqs)
                .counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", promptTokens.sum())
                .counter("vllm:generation_tokens_total", "Number of generation tokens processed.",
                        generationTokens.sum())
                .header("vllm:request_success_total", "counter", "Count of successfully processed requests.");
        for (Map.Entry<FinishReason, LongAdder> entry : finished.entrySet()) {
            text.sample("vllm:request_success_total",
                    PrometheusText.label("finished_reason", entry.getKey().wireName()), entry.getValue().sum());
        }
        return text
                .histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
                        timeToFirstToken.snapshot())
                .histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
                        e2eLatency.snapshot())
                .toString();
    }
}
