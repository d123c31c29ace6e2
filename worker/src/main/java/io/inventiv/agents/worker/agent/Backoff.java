package io.inventiv.agents.worker.agent;

import java.time.Duration;

/** Waits that double from a first to a longest one, for retries that must neither hammer nor give up. */
final class Backoff {

    private final Duration first;
    private final Duration longest;
    private Duration next;

    Backoff(Duration first, Duration longest) {
        this.first = first;
        this.longest = longest;
        this.next = first;
    }

    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(longest) > 0 ? longest : doubled;
        return current;
    }

    void reset() {
        next = first;
    }
}
