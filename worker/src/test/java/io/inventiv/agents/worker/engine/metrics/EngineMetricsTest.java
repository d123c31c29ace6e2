package io.inventiv.agents.worker.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.worker.engine.generation.FinishReason;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {

    @Test
    void kv_cache_usage_is_the_share_of_max_num_seqs_running() {
        EngineMetrics metrics = new EngineMetrics("m", () -> 3, () -> 5, 4);

        assertThat(metrics.exposition())
                .contains("vllm:num_requests_running{model_name=\"m\",engine=\"0\"} 3.0\n")
                .contains("vllm:num_requests_waiting{model_name=\"m\",engine=\"0\"} 5.0\n")
                .contains("vllm:kv_cache_usage_perc{model_name=\"m\",engine=\"0\"} 0.75\n");
    }

    @Test
    void histogram_buckets_are_cumulative_and_inf_equals_the_count() {
        EngineMetrics metrics = new EngineMetrics("m", () -> 0, () -> 0, 1);

        metrics.firstToken(50_000_000);
        metrics.firstToken(200_000_000);
        metrics.firstToken(3_000_000_000L);

        assertThat(metrics.exposition())
                .contains("# TYPE vllm:time_to_first_token_seconds histogram\n")
                .contains("vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"0.04\"} 0.0\n")
                .contains("vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"0.06\"} 1.0\n")
                .contains("vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"0.25\"} 2.0\n")
                .contains("vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"5.0\"} 3.0\n")
                .contains("vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"+Inf\"} 3.0\n")
                .contains("vllm:time_to_first_token_seconds_count{model_name=\"m\",engine=\"0\"} 3.0\n")
                .contains("vllm:time_to_first_token_seconds_sum{model_name=\"m\",engine=\"0\"} 3.25\n");
    }

    @Test
    void every_finished_reason_is_exposed_from_the_start_under_the_total_name() {
        EngineMetrics metrics = new EngineMetrics("m", () -> 0, () -> 0, 1);

        metrics.finished(FinishReason.LENGTH, 1_000_000);

        assertThat(metrics.exposition())
                .contains("# TYPE vllm:request_success_total counter\n")
                .contains("vllm:request_success_total{model_name=\"m\",engine=\"0\",finished_reason=\"stop\"} 0.0\n")
                .contains("vllm:request_success_total{model_name=\"m\",engine=\"0\",finished_reason=\"length\"} 1.0\n")
                .contains("vllm:request_success_total{model_name=\"m\",engine=\"0\",finished_reason=\"abort\"} 0.0\n");
    }

    @Test
    void a_model_name_with_quotes_is_escaped_in_labels() {
        assertThat(new EngineMetrics("a\"b", () -> 0, () -> 0, 1).exposition())
                .contains("{model_name=\"a\\\"b\",engine=\"0\"}");
    }
}
