package io.inventiv.agents.worker.engine.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {

    private final TextGenerator generator = new TextGenerator();
    private final Sampling roomy = new Sampling(1000, 0, false);

    @Test
    void the_same_prompt_always_gets_the_same_answer() {
        assertThat(generator.generate("What is a queue?", 5, roomy))
                .isEqualTo(generator.generate("What is a queue?", 5, roomy));
    }

    @Test
    void each_generated_token_is_one_token_of_the_tokenizer_and_the_text_recounts_to_their_number() {
        for (String prompt : List.of("a", "What is a queue?", "Tell me more about engines", "0")) {
            Generation generation = generator.generate(prompt, 1, new Sampling(300, 0, true));

            assertThat(generation.tokens()).allSatisfy(token -> assertThat(WordTokenizer.count(token)).isOne());
            assertThat(WordTokenizer.count(generation.text())).isEqualTo(generation.tokens().size());
        }
    }

    @Test
    void an_answer_that_ends_by_itself_is_16_to_64_tokens_closes_its_sentence_and_stops() {
        for (String prompt : List.of("a", "b", "What is a queue?", "Tell me more about engines")) {
            Generation generation = generator.generate(prompt, 1, roomy);

            assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(generation.tokens()).hasSizeBetween(16, 64);
            assertThat(generation.text()).endsWith(".").doesNotContain(". .");
        }
    }

    @Test
    void an_answer_cut_by_max_tokens_has_max_tokens_tokens_and_ends_with_length() {
        Generation generation = generator.generate("What is a queue?", 1, new Sampling(3, 0, false));

        assertThat(generation.tokens()).hasSize(3);
        assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void ignore_eos_generates_exactly_max_tokens() {
        Generation generation = generator.generate("What is a queue?", 1, new Sampling(200, 0, true));

        assertThat(generation.tokens()).hasSize(200);
        assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void min_tokens_holds_back_the_natural_stop() {
        Generation generation = generator.generate("What is a queue?", 1, new Sampling(100, 80, false));

        assertThat(generation.tokens()).hasSize(80);
        assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
    }
}
