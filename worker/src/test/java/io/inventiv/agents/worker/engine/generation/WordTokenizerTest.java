package io.inventiv.agents.worker.engine.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordTokenizerTest {

    @Test
    void a_word_and_each_punctuation_mark_are_one_token_and_whitespace_is_none() {
        assertThat(WordTokenizer.tokens("Hello,  world!\n")).containsExactly("Hello", ",", "world", "!");
        assertThat(WordTokenizer.count("Hello, world!")).isEqualTo(4);
    }

    @Test
    void letters_and_digits_run_together_into_one_token() {
        assertThat(WordTokenizer.tokens("gpt4o costs 3.5")).containsExactly("gpt4o", "costs", "3", ".", "5");
    }

    @Test
    void letters_of_any_script_are_letters_and_a_symbol_outside_the_basic_plane_is_one_token() {
        assertThat(WordTokenizer.tokens("déjà vu 👍")).containsExactly("déjà", "vu", "👍");
    }

    @Test
    void blank_text_has_no_tokens() {
        assertThat(WordTokenizer.count("")).isZero();
        assertThat(WordTokenizer.count(" \t\n")).isZero();
    }
}
