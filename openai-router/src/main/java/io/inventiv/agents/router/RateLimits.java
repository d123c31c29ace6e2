package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests and tokens per minute, per key, on this node: a token bucket each, as full as the limit and
 * refilled at the limit per minute, so a key may burst up to its limit and then goes at its pace. A
 * request takes one request and its estimated tokens (prompt and completion limit) before it is sent,
 * and the difference with the tokens the engine reported is settled after. Each key's buckets have their
 * own lock: no lock is shared by all requests.
 */
final class RateLimits {

    /** What a request took, to be settled, and the state of the buckets after it for the response's headers. */
    record Admission(Buckets buckets, long estimatedTokens, long requestsRemaining, long tokensRemaining,
                     long requestsResetMillis, long tokensResetMillis) {}

    private final Map<ApiKeyId, Buckets> byKey = new ConcurrentHashMap<>();

    /**
     * @return what the request took, or {@code null} when its caller has no limit
     * @throws OpenAiError 429 {@code rate_limit_exceeded} with the limits' headers and {@code retry-after}
     */
    Admission admit(Client client, long estimatedTokens, long nowNanos) {
        ApiKeyLimits limits = client.limits();
        if (client.apiKeyId() == null || limits == null || (limits.requestsPerMinute() == null && limits.tokensPerMinute() == null)) {
            return null;
        }
        Buckets buckets = byKey.compute(client.apiKeyId(), (id, current) -> current != null && current.matches(limits) ? current
                : new Buckets(limits.requestsPerMinute(), limits.tokensPerMinute(), nowNanos));
        return buckets.take(estimatedTokens, nowNanos);
    }

    /** Gives back or takes the difference between the estimate and the tokens actually used. */
    void settle(Admission admission, long actualTokens) {
        if (admission != null && admission.buckets().tokens != null) {
            admission.buckets().adjust(admission.estimatedTokens() - actualTokens);
        }
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

    static final class Buckets {
        private final Bucket requests;
        private final Bucket tokens;
        private final Integer rpm;
        private final Integer tpm;

        Buckets(Integer rpm, Integer tpm, long nowNanos) {
            this.rpm = rpm;
            this.tpm = tpm;
            this.requests = rpm == null ? null : new Bucket(rpm, nowNanos);
            this.tokens = tpm == null ? null : new Bucket(tpm, nowNanos);
        }

        boolean matches(ApiKeyLimits limits) {
            return java.util.Objects.equals(rpm, limits.requestsPerMinute()) && java.util.Objects.equals(tpm, limits.tokensPerMinute());
        }

        Admission take(long estimatedTokens, long now) {
            long retryAfter;
            String limit;
            Admission state;
            synchronized (this) {
                if (requests != null) {
                    requests.refill(now);
                }
                if (tokens != null) {
                    tokens.refill(now);
                }
                long wanted = tokens == null ? 0 : Math.min(estimatedTokens, tokens.capacity);
                if (requests != null && requests.level < 1) {
                    limit = "requests";
                    retryAfter = requests.millisUntil(1);
                } else if (tokens != null && tokens.level < wanted) {
                    limit = "tokens";
                    retryAfter = tokens.millisUntil(wanted);
                } else {
                    if (requests != null) {
                        requests.level -= 1;
                    }
                    if (tokens != null) {
                        tokens.level -= estimatedTokens;
                    }
                    return state(estimatedTokens, now);
                }
                state = state(0, now);
            }
            throw OpenAiError.rateLimited(limit, limit.equals("requests") ? rpm : tpm, retryAfter, headers(state));
        }

        synchronized void adjust(long tokensBack) {
            tokens.level = Math.min(tokens.capacity, tokens.level + tokensBack);
        }

        private Admission state(long estimated, long now) {
            return new Admission(this, estimated,
                    requests == null ? -1 : (long) Math.max(0, Math.floor(requests.level)),
                    tokens == null ? -1 : (long) Math.max(0, Math.floor(tokens.level)),
                    requests == null ? 0 : requests.millisUntil(requests.capacity),
                    tokens == null ? 0 : tokens.millisUntil(tokens.capacity));
        }
    }

    /** Not thread-safe: guarded by its {@link Buckets}. */
    private static final class Bucket {
        private final long capacity;
        private final double perNano;
        private double level;
        private long at;

        Bucket(long capacity, long now) {
            this.capacity = capacity;
            this.perNano = capacity / 60e9;
            this.level = capacity;
            this.at = now;
        }

        void refill(long now) {
            level = Math.min(capacity, level + (now - at) * perNano);
            at = now;
        }

        long millisUntil(double wanted) {
            return level >= wanted ? 0 : (long) Math.ceil((wanted - level) / perNano / 1e6);
        }
    }
}
