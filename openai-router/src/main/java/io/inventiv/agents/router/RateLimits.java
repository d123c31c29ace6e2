package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and tokens per minute, per key, across every node: each limit is a token bucket shared by the nodes
 * ({@link SharedBuckets}: as full as the limit, refilled at the limit per minute), so a key may burst up to its limit and
 * then goes at its pace, however many nodes serve it. A node takes from the shared buckets what a request needs plus a
 * portion ({@value #PORTION} of the limit) for the next requests, which it then admits from memory; what it has not used
 * after {@code keepFor} goes back. A request takes one request and its estimated tokens (prompt and completion limit) before
 * it is sent, and the difference with the tokens the engine reported is settled after. The node also remembers the levels
 * it last saw, so that a key known to be empty is refused without asking. Each key has its own lock, held only in memory.
 */
final class RateLimits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** The part of a limit a node takes beyond a request's need, for the key's next requests. */
    static final double PORTION = 0.05;

    /** What a request took, to be settled, and the state of the buckets after it for the response's headers. */
    record Admission(KeyState buckets, long estimatedTokens, long requestsRemaining, long tokensRemaining,
                     long requestsResetMillis, long tokensResetMillis) {}

    /** {@link #admitHere}: the key's portion on this node does not cover the request; {@link #admitShared} decides. */
    static final Admission ASK_SHARED = new Admission(null, 0, 0, 0, 0, 0);

    private final Map<ApiKeyId, KeyState> byKey = new ConcurrentHashMap<>();
    private final SharedBuckets shared;
    private final SharedBuckets alone = new SharedBuckets.InMemory();
    private final Executor draws;
    private final long keepForNanos;
    private volatile boolean sharedFailing;
    /** While the shared buckets fail: when to ask them again. */
    private volatile long askAgainAt;
    private static final long ASK_AGAIN_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private java.util.concurrent.ExecutorService ownThreads;

    /**
     * Limits shared through {@code shared}: draws run on two threads of their own, and every quarter of a second the portions
     * idle for {@code keepFor} go back.
     */
    static RateLimits sharedThrough(SharedBuckets shared, java.time.Duration keepFor) {
        java.util.concurrent.ScheduledExecutorService threads = java.util.concurrent.Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().name("rate-limits-", 0).daemon(true).factory());
        RateLimits limits = new RateLimits(shared, threads, keepFor);
        limits.ownThreads = threads;
        threads.scheduleWithFixedDelay(() -> limits.returnIdle(System.nanoTime()), 250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        return limits;
    }

    /** One node alone, counting in memory. */
    RateLimits() {
        this(new SharedBuckets.InMemory(), Runnable::run, java.time.Duration.ofSeconds(1));
    }

    /**
     * @param shared   the buckets shared by the nodes
     * @param draws    where draws from them run (they may wait on the database: never an event loop)
     * @param keepFor  how long a portion not used stays on this node before it goes back
     */
    RateLimits(SharedBuckets shared, Executor draws, java.time.Duration keepFor) {
        this.shared = shared;
        this.draws = draws;
        this.keepForNanos = keepFor.toNanos();
    }

    /**
     * Admits a request from what this node holds of its key's limits, with no wait.
     *
     * @return what the request took, {@code null} when its caller has no limit, or {@link #ASK_SHARED}
     * @throws OpenAiError 429 {@code rate_limit_exceeded} when the key is known to be empty
     */
    Admission admitHere(Client client, long estimatedTokens, long nowNanos) {
        KeyState key = stateOf(client, nowNanos);
        return key == null ? null : key.takeHere(estimatedTokens, nowNanos);
    }

    /** Admits a request by drawing from the shared buckets, on the draws' executor; fails with the 429 of an empty key. */
    CompletableFuture<Admission> admitShared(Client client, long estimatedTokens, long nowNanos) {
        return CompletableFuture.supplyAsync(() -> drawFor(stateOf(client, nowNanos), estimatedTokens, nowNanos), draws);
    }

    /** Both steps, waiting for a draw if one is needed: for callers off the event loops. */
    Admission admit(Client client, long estimatedTokens, long nowNanos) {
        KeyState key = stateOf(client, nowNanos);
        if (key == null) {
            return null;
        }
        Admission here = key.takeHere(estimatedTokens, nowNanos);
        return here != ASK_SHARED ? here : drawFor(key, estimatedTokens, nowNanos);
    }

    /** Gives back or takes the difference between the estimate and the tokens actually used. */
    void settle(Admission admission, long actualTokens) {
        if (admission != null && admission.buckets() != null && admission.buckets().tpm != null) {
            admission.buckets().adjust(0, admission.estimatedTokens() - actualTokens);
        }
    }

    /** A request that was never sent: what it took goes back, the request itself too. */
    void refund(Admission admission) {
        if (admission != null && admission.buckets() != null) {
            admission.buckets().adjust(admission.buckets().rpm == null ? 0 : 1,
                    admission.buckets().tpm == null ? 0 : admission.estimatedTokens());
        }
    }

    /** Gives back to the shared buckets the portions of keys this node has not admitted a request of for {@code keepFor} (and its overdrafts). */
    void returnIdle(long nowNanos) {
        if (sharedFailing && System.nanoTime() < askAgainAt) {
            return; // kept until the shared buckets answer again
        }
        byKey.values().forEach(key -> key.giveBackIfIdle(nowNanos, false));
    }

    /** Gives back every portion this node holds, as it stops. */
    void returnAll(long nowNanos) {
        byKey.values().forEach(key -> key.giveBackIfIdle(nowNanos, true));
    }

    /** Gives back every portion held here, then stops the draws' threads. */
    @Override
    public void close() {
        if (ownThreads != null) {
            ownThreads.shutdown();
            try {
                ownThreads.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!sharedFailing) {
            returnAll(System.nanoTime());
        }
    }

    private KeyState stateOf(Client client, long nowNanos) {
        ApiKeyLimits limits = client.limits();
        if (client.apiKeyId() == null || limits == null || (limits.requestsPerMinute() == null && limits.tokensPerMinute() == null)) {
            return null;
        }
        return byKey.compute(client.apiKeyId(), (id, current) -> current != null && current.matches(limits) ? current
                : new KeyState(id, limits.requestsPerMinute(), limits.tokensPerMinute(), nowNanos));
    }

    private Admission drawFor(KeyState key, long estimatedTokens, long nowNanos) {
        double[] need = key.need(estimatedTokens);
        SharedBuckets.Draw draw = sharedFailing && System.nanoTime() < askAgainAt ? null : drawShared(key, need, nowNanos);
        if (draw == null) {
            draw = alone.draw(key.id, key.rpm, key.tpm, need[0], need[1], 0, 0, nowNanos);
        }
        return key.takeDrawn(draw, estimatedTokens, nowNanos);
    }

    /** A draw from the shared buckets, or {@code null} when they cannot be read (not asked again for a while then). */
    private SharedBuckets.Draw drawShared(KeyState key, double[] need, long nowNanos) {
        try {
            SharedBuckets.Draw draw = shared.draw(key.id, key.rpm, key.tpm, need[0], need[1], portion(key.rpm), portion(key.tpm), nowNanos);
            if (sharedFailing) {
                sharedFailing = false;
                log.info("the shared rate limits answer again");
            }
            return draw;
        } catch (RuntimeException e) {
            // each request would otherwise wait for the database's timeout
            askAgainAt = System.nanoTime() + ASK_AGAIN_AFTER_NANOS;
            if (!sharedFailing) {
                sharedFailing = true;
                log.warn("the shared rate limits cannot be read ({}); this node counts each key's limits alone until they can", e.toString());
            }
            return null;
        }
    }

    /** What a node takes beyond a request's need: a part of the limit, at least one. */
    private static double portion(Integer limit) {
        return limit == null ? 0 : Math.max(1, Math.floor(limit * PORTION));
    }

    /** OpenAI's {@code x-ratelimit-*} headers for the state a request left its key's buckets in. */
    static java.util.List<String[]> headers(Admission a) {
        java.util.List<String[]> out = new java.util.ArrayList<>(6);
        if (a.buckets().rpm != null) {
            out.add(new String[] {"x-ratelimit-limit-requests", a.buckets().rpm.toString()});
            out.add(new String[] {"x-ratelimit-remaining-requests", Long.toString(a.requestsRemaining())});
            out.add(new String[] {"x-ratelimit-reset-requests", duration(a.requestsResetMillis())});
        }
        if (a.buckets().tpm != null) {
            out.add(new String[] {"x-ratelimit-limit-tokens", a.buckets().tpm.toString()});
            out.add(new String[] {"x-ratelimit-remaining-tokens", Long.toString(a.tokensRemaining())});
            out.add(new String[] {"x-ratelimit-reset-tokens", duration(a.tokensResetMillis())});
        }
        return out;
    }

    /** As OpenAI writes a reset time: {@code 1s}, {@code 6m0s}, {@code 250ms}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    /**
     * One key on this node: the portions it holds of each limit (negative: used beyond them, owed to the shared buckets),
     * and the shared levels as it last saw them, refilled since by the clock.
     */
    final class KeyState {
        private final ApiKeyId id;
        private final Integer rpm;
        private final Integer tpm;
        private double heldRequests;
        private double heldTokens;
        /** The shared levels when last drawn from, and when. */
        private double seenRequests;
        private double seenTokens;
        private long seenAt;
        /** When this node last admitted a request of the key. */
        private long usedAt;

        KeyState(ApiKeyId id, Integer rpm, Integer tpm, long now) {
            this.id = id;
            this.rpm = rpm;
            this.tpm = tpm;
            this.seenRequests = rpm == null ? 0 : rpm;
            this.seenTokens = tpm == null ? 0 : tpm;
            this.seenAt = now;
        }

        boolean matches(ApiKeyLimits limits) {
            return java.util.Objects.equals(rpm, limits.requestsPerMinute()) && java.util.Objects.equals(tpm, limits.tokensPerMinute());
        }

        /** The tokens a request must find: its estimate, or the whole limit when the estimate is larger (it passes a full bucket). */
        private long wanted(long estimatedTokens) {
            return tpm == null ? 0 : Math.min(estimatedTokens, tpm);
        }

        /** Whether what this node holds covers a request that wants these tokens. */
        private boolean held(long wanted) {
            return (rpm == null || heldRequests >= 1) && (tpm == null || heldTokens >= wanted);
        }

        synchronized Admission takeHere(long estimatedTokens, long now) {
            long wanted = wanted(estimatedTokens);
            if (held(wanted)) {
                return take(estimatedTokens, now);
            }
            double seconds = (now - seenAt) / 1e9;
            double requests = SharedBuckets.refilled(seenRequests, rpm, seconds);
            double tokens = SharedBuckets.refilled(seenTokens, tpm, seconds);
            if ((rpm != null && requests + heldRequests < 1) || (tpm != null && tokens + heldTokens < wanted)) {
                throw refusal(wanted, requests, tokens);
            }
            return ASK_SHARED;
        }

        /** What this node must draw for a request: what it lacks of one request and of its wanted tokens. */
        synchronized double[] need(long estimatedTokens) {
            return new double[] {rpm == null ? 0 : Math.max(0, 1 - heldRequests), tpm == null ? 0 : Math.max(0, wanted(estimatedTokens) - heldTokens)};
        }

        synchronized Admission takeDrawn(SharedBuckets.Draw draw, long estimatedTokens, long now) {
            seenRequests = draw.requestsLevel();
            seenTokens = draw.tokensLevel();
            seenAt = now;
            if (!draw.granted()) {
                long wanted = wanted(estimatedTokens);
                if (held(wanted)) {
                    return take(estimatedTokens, now); // another request's draw, meanwhile, brought enough
                }
                throw refusal(wanted, seenRequests, seenTokens);
            }
            heldRequests += draw.requests();
            heldTokens += draw.tokens();
            return take(estimatedTokens, now);
        }

        private Admission take(long estimatedTokens, long now) {
            if (rpm != null) {
                heldRequests -= 1;
            }
            if (tpm != null) {
                heldTokens -= estimatedTokens;
            }
            usedAt = now;
            double seconds = (now - seenAt) / 1e9;
            return admission(estimatedTokens, SharedBuckets.refilled(seenRequests, rpm, seconds) + heldRequests,
                    SharedBuckets.refilled(seenTokens, tpm, seconds) + heldTokens);
        }

        synchronized void adjust(double requests, double tokens) {
            heldRequests = rpm == null ? 0 : Math.min(rpm, heldRequests + requests);
            heldTokens = tpm == null ? 0 : Math.min(tpm, heldTokens + tokens);
        }

        /** Gives back what this node holds, once it has not drawn for a while (or now, as it stops). */
        void giveBackIfIdle(long now, boolean all) {
            double requests;
            double tokens;
            synchronized (this) {
                requests = heldRequests;
                tokens = heldTokens;
                if ((requests == 0 && tokens == 0) || (!all && now - usedAt < keepForNanos)) {
                    return;
                }
                heldRequests = 0;
                heldTokens = 0;
                double seconds = (now - seenAt) / 1e9;
                seenRequests = SharedBuckets.refilled(seenRequests, rpm, seconds) + requests;
                seenTokens = SharedBuckets.refilled(seenTokens, tpm, seconds) + tokens;
                seenAt = now;
            }
            try {
                shared.giveBack(id, rpm, tpm, requests, tokens, now);
            } catch (RuntimeException e) {
                log.debug("a portion of key {}'s limits could not be given back: {}", id, e.toString());
            }
        }

        private OpenAiError refusal(long wanted, double requestsLevel, double tokensLevel) {
            String limit;
            long retryAfter;
            double requests = requestsLevel + heldRequests;
            double tokens = tokensLevel + heldTokens;
            if (rpm != null && (requests < 1 || tpm == null)) {
                limit = "requests";
                retryAfter = millisUntil(requests, 1, rpm);
            } else {
                limit = "tokens";
                retryAfter = millisUntil(tokens, wanted, tpm);
            }
            return OpenAiError.rateLimited(limit, limit.equals("requests") ? rpm : tpm, retryAfter, headers(admission(0, requests, tokens)));
        }

        /** What a request took, with the requests and tokens the key has left (held here and in the shared buckets). */
        private Admission admission(long estimated, double requests, double tokens) {
            return new Admission(this, estimated, remaining(requests, rpm), remaining(tokens, tpm),
                    rpm == null ? 0 : millisUntil(requests, rpm, rpm), tpm == null ? 0 : millisUntil(tokens, tpm, tpm));
        }

        private static long remaining(double level, Integer limit) {
            return limit == null ? -1 : (long) Math.clamp(Math.floor(level + 1e-9), 0, limit);
        }

        private static long millisUntil(double level, double wanted, int perMinute) {
            return level >= wanted - 1e-9 ? 0 : (long) Math.ceil((wanted - level) * 60_000.0 / perMinute);
        }
    }
}
