package io.inventiv.agents.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rules of vLLM's {@code should_include_usage}, without a forced usage flag. */
class StreamUsageTest {

    @Test
    void no_options_report_no_usage() {
        StreamUsage usage = StreamUsage.of(true, null, 7);

        assertThat(usage.atEnd()).isFalse();
        assertThat(usage.continuous()).isFalse();
        assertThat(usage.soFar(3)).isNull();
        assertThat(usage.last(3)).isNull();
    }

    @Test
    void include_usage_alone_reports_only_at_the_end() {
        StreamUsage usage = StreamUsage.of(true, new StreamOptions(true, null), 7);

        assertThat(usage.soFar(3)).isNull();
        assertThat(usage.last(3)).isEqualTo(new Usage(7, 3, 10));
    }

    @Test
    void continuous_usage_reports_the_usage_so_far_on_every_chunk_and_at_the_end() {
        StreamUsage usage = StreamUsage.of(true, new StreamOptions(true, true), 7);

        assertThat(usage.soFar(0)).isEqualTo(new Usage(7, 0, 7));
        assertThat(usage.soFar(2)).isEqualTo(new Usage(7, 2, 9));
        assertThat(usage.last(5)).isEqualTo(new Usage(7, 5, 12));
    }

    @Test
    void continuous_usage_needs_include_usage() {
        for (StreamOptions options : new StreamOptions[] {new StreamOptions(null, true), new StreamOptions(false, true)}) {
            StreamUsage usage = StreamUsage.of(true, options, 7);

            assertThat(usage.continuous()).as("%s", options).isFalse();
            assertThat(usage.soFar(1)).isNull();
            assertThat(usage.last(1)).isNull();
        }
    }

    @Test
    void options_on_a_non_stream_request_are_rejected() {
        assertThatThrownBy(() -> StreamUsage.of(false, new StreamOptions(null, true), 7))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("Stream options can only be defined when `stream=True`.");
        assertThat(StreamUsage.of(false, null, 7).atEnd()).isFalse();
    }
}
