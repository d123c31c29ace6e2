package io.inventiv.agents.worker.engine.generation;

import io.inventiv.agents.worker.engine.metrics.EngineMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Plays a {@link Generation} the way vLLM's scheduler would serve it: wait for a slot in the running
 * batch, spend the prefill time, then emit one token per decode step, recording vLLM's metrics on the
 * way. A client that disconnects mid-stream aborts its sequence and frees the slot at once.
 */
public final class SimulatedEngine {

    private final SequenceSlots slots;
    private final Pace pace;
    private final EngineMetrics metrics;

    public SimulatedEngine(SequenceSlots slots, Pace pace, EngineMetrics metrics) {
        this.slots = slots;
        this.pace = pace;
        this.metrics = metrics;
    }

    public Outcome generate(Generation generation, TokenSink sink) throws InterruptedException {
        long arrival = System.nanoTime();
        List<String> tokens = generation.tokens();
        int delivered = 0;
        FinishReason ending = FinishReason.ABORT;
        try (SequenceSlots.Slot slot = slots.admit()) {
            long scheduled = System.nanoTime();
            sleepUntil(scheduled + pace.firstTokenNanos());
            metrics.promptTokens(generation.promptTokens());
            metrics.firstToken(System.nanoTime() - arrival);
            for (int i = 0; i < tokens.size(); i++) {
                sleepUntil(scheduled + pace.dueNanos(i));
                metrics.generationTokens(1);
                boolean last = i == tokens.size() - 1;
                sink.accept(tokens.get(i), last ? generation.finishReason() : null);
                delivered++;
            }
            ending = generation.finishReason();
        } catch (IOException clientGone) {
            // the stream is dead: nothing more to send, the slot is already back
        } finally {
            metrics.finished(ending, System.nanoTime() - arrival);
        }
        return new Outcome(ending, delivered);
    }

    /** An embedding request: only a prefill, no decode steps. */
    public void encode(int promptTokens) throws InterruptedException {
        long arrival = System.nanoTime();
        try (SequenceSlots.Slot slot = slots.admit()) {
            sleepUntil(System.nanoTime() + pace.firstTokenNanos());
            metrics.promptTokens(promptTokens);
        }
        metrics.finished(FinishReason.STOP, System.nanoTime() - arrival);
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(Duration.ofNanos(remaining));
        }
    }
}
