package io.inventiv.agents.worker.engine.metrics;

/** A Prometheus histogram with fixed upper bounds; {@code +Inf} is implied. */
final class Histogram {

    private final double[] upperBounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double... upperBounds) {
        this.upperBounds = upperBounds.clone();
        this.counts = new long[upperBounds.length];
    }

    synchronized void observe(double value) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (value <= upperBounds[i]) {
                counts[i]++;
                break;
            }
        }
        sum += value;
        count++;
    }

    synchronized Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return new Snapshot(upperBounds.clone(), cumulative, sum, count);
    }

    /** Bucket counts are cumulative, as Prometheus exposes them. */
    record Snapshot(double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
    }
}
