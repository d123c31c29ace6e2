package io.inventiv.agents.worker.engine.generation;

import java.time.Duration;

/**
 * How fast the simulated GPU works for one sequence.
 *
 * @param timeToFirstToken prefill time, from being scheduled to the first token
 * @param tokensPerSecond  decode speed of one sequence, whatever the batch size
 */
public record Pace(Duration timeToFirstToken, double tokensPerSecond) {

    public Pace {
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("time to first token must not be negative");
        }
        if (!(tokensPerSecond > 0)) {
            throw new IllegalArgumentException("tokens per second must be positive");
        }
    }

    long firstTokenNanos() {
        return timeToFirstToken.toNanos();
    }

    /** Token {@code index} (0-based) is due this long after the sequence was scheduled. */
    long dueNanos(int index) {
        return firstTokenNanos() + Math.round(index * 1_000_000_000d / tokensPerSecond);
    }
}
