package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineMetricsSamplerTest {

    private final EngineMetricsSampler simulated = new EngineMetricsSampler(EngineKind.SIMULATED, 8, () -> 0.99);

    @Test
    void the_engines_gauges_and_counters_are_reported_and_gpu_utilization_is_the_share_of_the_batch_running() {
        WorkerApi.Metrics metrics = simulated.sample(1, Optional.of("""
                vllm:num_requests_running{model_name="m",engine="0"} 2.0
                vllm:num_requests_waiting{model_name="m",engine="0"} 5.0
                vllm:kv_cache_usage_perc{model_name="m",engine="0"} 0.25
                vllm:prompt_tokens_total{model_name="m",engine="0"} 1200.0
                vllm:generation_tokens_total{model_name="m",engine="0"} 5400.0
                """));

        assertThat(metrics).isEqualTo(new WorkerApi.Metrics(0.25, 2L, 5L, 0.25, null, 1200L, 5400L));
    }

    @Test
    void the_time_to_first_token_is_the_mean_over_the_requests_since_the_previous_sample() {
        assertThat(simulated.sample(1, ttft(0.3, 2)).timeToFirstTokenSeconds()).isCloseTo(0.15, within(1e-9));
        assertThat(simulated.sample(1, ttft(0.9, 4)).timeToFirstTokenSeconds()).isCloseTo(0.3, within(1e-9));
        assertThat(simulated.sample(1, ttft(0.9, 4)).timeToFirstTokenSeconds()).as("no new request").isNull();
    }

    @Test
    void a_new_engine_process_starts_the_time_to_first_token_afresh() {
        simulated.sample(1, ttft(10.0, 20));

        assertThat(simulated.sample(2, ttft(0.2, 1)).timeToFirstTokenSeconds()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void an_older_vllm_reports_its_kv_cache_as_gpu_cache_usage_and_the_gpu_comes_from_the_probe() {
        EngineMetricsSampler vllm = new EngineMetricsSampler(EngineKind.VLLM, 8, () -> 0.42);

        WorkerApi.Metrics metrics = vllm.sample(1, Optional.of("vllm:gpu_cache_usage_perc{engine=\"0\"} 0.5\n"));

        assertThat(metrics.kvCacheUsage()).isEqualTo(0.5);
        assertThat(metrics.gpuUtilization()).isEqualTo(0.42);
        assertThat(metrics.requestsRunning()).isNull();
    }

    @Test
    void without_the_engines_metrics_nothing_is_measured() {
        assertThat(simulated.sample(-1, Optional.empty())).isEqualTo(WorkerApi.Metrics.NONE);
    }

    @Test
    void nvidia_smi_utilisation_is_the_mean_over_the_gpus_as_a_fraction() {
        assertThat(NvidiaSmi.meanPercent("40\n60\n")).isEqualTo(0.5);
        assertThat(NvidiaSmi.meanPercent("")).isNull();
        assertThat(NvidiaSmi.meanPercent("[N/A]\n")).isNull();
    }

    private static Optional<String> ttft(double sum, int count) {
        return Optional.of("vllm:time_to_first_token_seconds_sum{model_name=\"m\",engine=\"0\"} " + sum + "\n"
                + "vllm:time_to_first_token_seconds_count{model_name=\"m\",engine=\"0\"} " + count + ".0\n");
    }
}
