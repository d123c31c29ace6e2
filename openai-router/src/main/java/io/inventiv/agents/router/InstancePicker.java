package io.inventiv.agents.router;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the instance a request goes to among a model service's READY ones: the one with the fewest
 * requests in flight, or, when the request has an affinity (a session, a long prompt prefix), the one the
 * affinity hashes to (rendezvous hashing, so an instance coming or going moves only its own share) as
 * long as it is not much busier than the least busy. Instances already tried for the request and those
 * whose circuit breaker is open are passed over.
 */
final class InstancePicker {

    private InstancePicker() {}

    /** @param affinity 0 for none */
    static RoutingTable.Backend pick(List<RoutingTable.Backend> ready, long affinity, List<RoutingTable.Backend> tried) {
        int n = ready.size();
        if (n == 0) {
            return null;
        }
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        RoutingTable.Backend least = null;
        int leastLoad = Integer.MAX_VALUE;
        RoutingTable.Backend preferred = null;
        long preferredScore = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            RoutingTable.Backend backend = ready.get((start + i) % n);
            if (!eligible(backend, tried)) {
                continue;
            }
            int load = backend.inFlight();
            if (load < leastLoad) {
                least = backend;
                leastLoad = load;
            }
            if (affinity != 0) {
                long score = mix(affinity ^ backend.affinitySeed());
                if (score > preferredScore) {
                    preferred = backend;
                    preferredScore = score;
                }
            }
        }
        if (preferred != null && preferred.inFlight() <= leastLoad + Math.max(4, leastLoad)) {
            return preferred;
        }
        return least != null ? least : leastOfAllNotTried(ready, tried);
    }

    private static RoutingTable.Backend leastOfAllNotTried(List<RoutingTable.Backend> ready, List<RoutingTable.Backend> tried) {
        RoutingTable.Backend least = null;
        for (RoutingTable.Backend backend : ready) {
            if ((tried == null || !tried.contains(backend)) && (least == null || backend.inFlight() < least.inFlight())) {
                least = backend;
            }
        }
        return least;
    }

    /** Whether a request to it goes through its breaker: not when it was picked because every one left was open. */
    static boolean guarded(RoutingTable.Backend backend) {
        CircuitBreaker.State state = backend.breaker().getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    private static boolean eligible(RoutingTable.Backend backend, List<RoutingTable.Backend> tried) {
        if (tried != null && tried.contains(backend)) {
            return false;
        }
        CircuitBreaker.State state = backend.breaker().getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** A 64-bit finalizer (SplitMix64): spreads close inputs far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
