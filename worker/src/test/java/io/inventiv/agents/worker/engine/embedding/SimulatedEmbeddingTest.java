package io.inventiv.agents.worker.engine.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.inventiv.agents.worker.engine.generation.WordTokenizer;
import org.junit.jupiter.api.Test;

class SimulatedEmbeddingTest {

    private final SimulatedEmbedding embedding = new SimulatedEmbedding(384);

    @Test
    void a_vector_has_the_configured_dimension_and_unit_length() {
        float[] vector = embed("The engine serves tokens.");

        assertThat(vector).hasSize(384);
        assertThat(dot(vector, vector)).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void the_same_text_always_gets_the_same_vector() {
        assertThat(embed("queues and batches")).isEqualTo(embed("queues and batches"));
    }

    @Test
    void texts_sharing_words_are_closer_than_unrelated_texts() {
        float[] query = embed("how does the scheduler queue requests");

        assertThat(dot(query, embed("the scheduler puts requests in a queue")))
                .isGreaterThan(dot(query, embed("banana bread recipe with walnuts")));
    }

    @Test
    void an_empty_input_still_gets_a_unit_vector() {
        assertThat(dot(embed(""), embed(""))).isCloseTo(1.0, offset(1e-5));
    }

    private float[] embed(String text) {
        return embedding.embed(WordTokenizer.tokens(text));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
