package io.inventiv.agents.worker.engine.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextWindowTest {

    private final ContextWindow window = new ContextWindow(100);

    @Test
    void without_max_tokens_a_request_may_fill_the_rest_of_the_context() {
        assertThat(window.maxNewTokens(30, null)).isEqualTo(70);
    }

    @Test
    void a_prompt_that_fills_the_context_is_refused() {
        assertThatThrownBy(() -> window.maxNewTokens(100, null)).isInstanceOf(ContextLengthExceeded.class);
    }

    @Test
    void max_tokens_beyond_the_rest_of_the_context_is_refused_in_vllms_words() {
        assertThatThrownBy(() -> window.maxNewTokens(30, 71))
                .isInstanceOf(ContextLengthExceeded.class)
                .hasMessage("'max_tokens' or 'max_completion_tokens' is too large: 71. This model's maximum context "
                        + "length is 100 tokens and your request has 30 input tokens (71 > 100 - 30).");
        assertThat(window.maxNewTokens(30, 70)).isEqualTo(70);
    }
}
