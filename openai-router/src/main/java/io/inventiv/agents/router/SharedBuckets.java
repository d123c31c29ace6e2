package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each key's requests and tokens per minute as one token bucket per limit, shared by every node that serves the key:
 * as full as the limit, refilled at the limit per minute. Nodes take what they need from it in portions
 * ({@link RateLimits}) and give back what they did not use; a portion is taken whole or not at all.
 */
interface SharedBuckets {

    /** What a draw took (nothing when refused), and the levels the buckets were left at. */
    record Draw(boolean granted, double requests, double tokens, double requestsLevel, double tokensLevel) {}

    /**
     * Refills the key's buckets, then takes {@code need} of each limit and up to {@code more} beyond it, or nothing when a
     * bucket holds less than its need. A limit that is {@code null} is not counted.
     */
    Draw draw(ApiKeyId key, Integer requestsPerMinute, Integer tokensPerMinute, double needRequests, double needTokens,
              double moreRequests, double moreTokens, long nowNanos);

    /** Puts back what a node took and did not use (negative: what it used beyond what it took), never past the limit. */
    void giveBack(ApiKeyId key, Integer requestsPerMinute, Integer tokensPerMinute, double requests, double tokens, long nowNanos);

    /** A bucket's level after {@code seconds} of refilling at {@code perMinute}, at most full. */
    static double refilled(double level, Integer perMinute, double seconds) {
        return perMinute == null ? 0 : Math.min(perMinute, level + Math.max(0, seconds) * perMinute / 60.0);
    }

    /** A level as the limit stands now: kept while the limit is the same, full for a new limit (as for a new key). */
    static double rescaled(double level, Integer before, Integer now) {
        return now == null ? 0 : now.equals(before) ? level : now;
    }

    /** The outcome of a draw on levels already refilled. */
    static Draw decide(Integer rpm, Integer tpm, double requestsLevel, double tokensLevel, double needRequests, double needTokens,
                       double moreRequests, double moreTokens) {
        boolean enoughRequests = rpm == null || requestsLevel >= needRequests;
        boolean enoughTokens = tpm == null || tokensLevel >= needTokens;
        if (!enoughRequests || !enoughTokens) {
            return new Draw(false, 0, 0, requestsLevel, tokensLevel);
        }
        // whole requests and tokens beyond the need: halves held by two nodes would be a request neither can admit
        double requests = rpm == null ? 0 : needRequests + Math.floor(Math.clamp(requestsLevel - needRequests, 0, Math.max(0, moreRequests)));
        double tokens = tpm == null ? 0 : needTokens + Math.floor(Math.clamp(tokensLevel - needTokens, 0, Math.max(0, moreTokens)));
        return new Draw(true, requests, tokens, requestsLevel - requests, tokensLevel - tokens);
    }

    /** The buckets of one node alone, in its memory: what a single node needs, and what a node falls back to without its database. */
    final class InMemory implements SharedBuckets {

        private static final class Levels {
            Integer rpm;
            Integer tpm;
            double requests;
            double tokens;
            long at;
        }

        private final Map<ApiKeyId, Levels> byKey = new ConcurrentHashMap<>();

        @Override
        public Draw draw(ApiKeyId key, Integer rpm, Integer tpm, double needRequests, double needTokens, double moreRequests,
                         double moreTokens, long nowNanos) {
            Levels levels = refilled(key, rpm, tpm, nowNanos);
            synchronized (levels) {
                Draw draw = decide(rpm, tpm, levels.requests, levels.tokens, needRequests, needTokens, moreRequests, moreTokens);
                levels.requests = draw.requestsLevel();
                levels.tokens = draw.tokensLevel();
                return draw;
            }
        }

        @Override
        public void giveBack(ApiKeyId key, Integer rpm, Integer tpm, double requests, double tokens, long nowNanos) {
            Levels levels = refilled(key, rpm, tpm, nowNanos);
            synchronized (levels) {
                levels.requests = rpm == null ? 0 : Math.min(rpm, levels.requests + requests);
                levels.tokens = tpm == null ? 0 : Math.min(tpm, levels.tokens + tokens);
            }
        }

        private Levels refilled(ApiKeyId key, Integer rpm, Integer tpm, long now) {
            Levels levels = byKey.computeIfAbsent(key, k -> {
                Levels fresh = new Levels();
                fresh.at = now;
                return fresh;
            });
            synchronized (levels) {
                double seconds = (now - levels.at) / 1e9;
                levels.requests = SharedBuckets.refilled(rescaled(levels.requests, levels.rpm, rpm), rpm, seconds);
                levels.tokens = SharedBuckets.refilled(rescaled(levels.tokens, levels.tpm, tpm), tpm, seconds);
                levels.rpm = rpm;
                levels.tpm = tpm;
                levels.at = Math.max(levels.at, now);
            }
            return levels;
        }
    }
}
