package io.inventiv.agents.worker.engine.embedding;

import io.inventiv.agents.worker.engine.generation.StableHash;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A bag-of-words embedding: every token (lower-cased) has a fixed random direction, an input's vector
 * is the normalised sum of its tokens' directions. Deterministic and of unit length like a real
 * model's, and texts sharing words come out closer than unrelated ones, which keeps retrieval demos
 * meaningful.
 */
public final class SimulatedEmbedding {

    private final int dimension;

    public SimulatedEmbedding(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("embedding dimension must be at least 1");
        }
        this.dimension = dimension;
    }

    public int dimension() {
        return dimension;
    }

    public float[] embed(List<String> tokens) {
        double[] sum = new double[dimension];
        // an empty input still gets a direction of its own
        for (String token : tokens.isEmpty() ? List.of("") : tokens) {
            SplittableRandom direction = new SplittableRandom(StableHash.of(token.toLowerCase(Locale.ROOT)));
            for (int i = 0; i < dimension; i++) {
                sum[i] += direction.nextGaussian();
            }
        }
        double norm = 0;
        for (double value : sum) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (sum[i] / norm);
        }
        return vector;
    }
}
