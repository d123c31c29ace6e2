package io.inventiv.agents.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusSamplesTest {

    @Test
    void a_metric_is_summed_over_its_label_sets_and_comments_are_skipped() {
        PrometheusSamples samples = PrometheusSamples.parse("""
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="a",engine="0"} 3.0
                vllm:num_requests_running{model_name="a",engine="1"} 2.0
                vllm:prompt_tokens_total 1200
                """);

        assertThat(samples.sum("vllm:num_requests_running")).hasValue(5.0);
        assertThat(samples.mean("vllm:num_requests_running")).hasValue(2.5);
        assertThat(samples.sum("vllm:prompt_tokens_total")).hasValue(1200.0);
        assertThat(samples.sum("vllm:num_requests_waiting")).isEmpty();
    }

    @Test
    void label_values_may_hold_braces_spaces_and_escaped_quotes_and_a_timestamp_may_follow_the_value() {
        PrometheusSamples samples = PrometheusSamples.parse(
                "m{model_name=\"a} b\\\" {c\",engine=\"0\"} 1.5 1700000000000\n"
                        + "m{model_name=\"d\"}   2.5\r\n");

        assertThat(samples.sum("m")).hasValue(4.0);
    }

    @Test
    void histogram_series_are_told_apart_by_their_suffixes_and_special_values_are_read() {
        PrometheusSamples samples = PrometheusSamples.parse("""
                vllm:time_to_first_token_seconds_bucket{le="+Inf"} 3.0
                vllm:time_to_first_token_seconds_sum 0.45
                vllm:time_to_first_token_seconds_count 3.0
                g +Inf
                h NaN
                garbage line without value
                {}
                """);

        assertThat(samples.sum("vllm:time_to_first_token_seconds_sum")).hasValue(0.45);
        assertThat(samples.sum("vllm:time_to_first_token_seconds_count")).hasValue(3.0);
        assertThat(samples.sum("g")).hasValue(Double.POSITIVE_INFINITY);
        assertThat(samples.sum("h").getAsDouble()).isNaN();
        assertThat(samples.sum("garbage")).isEmpty();
    }
}
