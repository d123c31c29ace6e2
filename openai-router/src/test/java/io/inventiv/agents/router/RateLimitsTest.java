package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final RateLimits limits = new RateLimits();
    private final ApiKeyId keyId = ApiKeyId.random();

    private Client key(Integer requestsPerMinute, Integer tokensPerMinute) {
        return new Client(keyId, null, ACME, new ApiKeyLimits(Set.of(), requestsPerMinute, tokensPerMinute, null));
    }

    private OpenAiError refusal(Client client, long estimatedTokens, long nowNanos) {
        OpenAiError error = catchThrowableOfType(OpenAiError.class, () -> limits.admit(client, estimatedTokens, nowNanos));
        assertThat(error).as("refused").isNotNull();
        return error;
    }

    private static Map<String, String> headers(List<String[]> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h[0], h[1]));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(OpenAiError error) {
        return (Map<String, Object>) error.body().get("error");
    }

    @Test
    void a_key_may_send_its_requests_per_minute_and_the_next_one_is_refused_with_when_to_retry() {
        Client client = key(2, null);

        RateLimits.Admission first = limits.admit(client, 10, T0);
        RateLimits.Admission second = limits.admit(client, 10, T0);
        OpenAiError third = refusal(client, 10, T0);

        assertThat(first.requestsRemaining()).isEqualTo(1);
        assertThat(second.requestsRemaining()).isZero();
        assertThat(third.status()).isEqualTo(429);
        assertThat(errorOf(third)).containsEntry("code", "rate_limit_exceeded").containsEntry("type", "requests");
        assertThat(headers(third.headers()))
                .containsEntry("x-ratelimit-limit-requests", "2")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("retry-after", "30")
                .containsEntry("retry-after-ms", "30000")
                .doesNotContainKey("x-ratelimit-limit-tokens");
    }

    @Test
    void the_headers_of_an_admitted_request_tell_what_is_left() {
        RateLimits.Admission admission = limits.admit(key(60, 1000), 400, T0);

        assertThat(headers(RateLimits.headers(admission)))
                .containsEntry("x-ratelimit-limit-requests", "60")
                .containsEntry("x-ratelimit-remaining-requests", "59")
                .containsEntry("x-ratelimit-reset-requests", "1s")
                .containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "600")
                .containsEntry("x-ratelimit-reset-tokens", "24s");
    }

    @Test
    void a_request_estimated_at_more_tokens_than_are_left_is_refused() {
        Client client = key(null, 1000);

        limits.admit(client, 600, T0);
        OpenAiError refused = refusal(client, 500, T0);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(errorOf(refused)).containsEntry("type", "tokens");
        assertThat(headers(refused.headers()))
                .containsEntry("x-ratelimit-remaining-tokens", "400")
                .containsEntry("retry-after-ms", "6000")
                .doesNotContainKey("x-ratelimit-remaining-requests");
        assertThat(limits.admit(client, 400, T0).tokensRemaining()).isZero();
    }

    @Test
    void a_refused_request_takes_nothing() {
        Client client = key(10, 1000);
        limits.admit(client, 900, T0);

        refusal(client, 500, T0);
        refusal(client, 500, T0);

        RateLimits.Admission admission = limits.admit(client, 100, T0);
        assertThat(admission.requestsRemaining()).isEqualTo(8);
        assertThat(admission.tokensRemaining()).isZero();
    }

    @Test
    void settling_gives_back_the_tokens_the_request_did_not_use() {
        Client client = key(null, 1000);
        RateLimits.Admission first = limits.admit(client, 600, T0);
        refusal(client, 500, T0);

        limits.settle(first, 100);

        assertThat(limits.admit(client, 500, T0).tokensRemaining()).isEqualTo(400);
    }

    @Test
    void settling_takes_the_tokens_a_request_used_beyond_its_estimate() {
        Client client = key(null, 1000);
        RateLimits.Admission first = limits.admit(client, 100, T0);

        limits.settle(first, 700);

        refusal(client, 400, T0);
        assertThat(limits.admit(client, 300, T0).tokensRemaining()).isZero();
    }

    @Test
    void tokens_given_back_never_fill_the_bucket_past_its_limit() {
        Client client = key(null, 1000);
        RateLimits.Admission first = limits.admit(client, 500, T0);

        limits.settle(first, -5000);

        assertThat(limits.admit(client, 0, T0).tokensRemaining()).isEqualTo(1000);
    }

    @Test
    void a_request_larger_than_the_whole_limit_passes_when_the_bucket_is_full() {
        Client client = key(null, 1000);

        RateLimits.Admission admission = limits.admit(client, 5000, T0);

        assertThat(admission.tokensRemaining()).isZero();
        refusal(client, 1, T0 + SECOND);
    }

    @Test
    void after_half_a_minute_the_buckets_have_refilled_by_half() {
        Client client = key(1000, 6000);
        for (int i = 0; i < 1000; i++) {
            limits.admit(client, 6, T0);
        }
        refusal(client, 0, T0);

        RateLimits.Admission later = limits.admit(client, 0, T0 + 30 * SECOND);

        assertThat(later.requestsRemaining()).isEqualTo(499);
        assertThat(later.tokensRemaining()).isEqualTo(3000);
    }

    @Test
    void after_half_a_minute_half_the_requests_per_minute_can_be_sent_again() {
        Client client = key(100, null);
        for (int i = 0; i < 100; i++) {
            limits.admit(client, 0, T0);
        }

        long now = T0 + 30 * SECOND;
        int admitted = 0;
        while (admitted < 1000 && catchThrowableOfType(OpenAiError.class, () -> limits.admit(client, 0, now)) == null) {
            admitted++;
        }

        assertThat(admitted).isEqualTo(50);
    }

    @Test
    void the_buckets_never_refill_past_the_limit() {
        Client client = key(5, null);
        limits.admit(client, 0, T0);
        limits.returnIdle(T0 + 3600 * SECOND); // as the node does every quarter of a second: what it held and did not use goes back

        RateLimits.Admission muchLater = limits.admit(client, 0, T0 + 3600 * SECOND);

        assertThat(muchLater.requestsRemaining()).isEqualTo(4);
    }

    @Test
    void a_caller_without_limits_is_not_counted() {
        assertThat(limits.admit(new Client(keyId, null, ACME, null), 1_000_000, T0)).isNull();
        assertThat(limits.admit(new Client(keyId, null, ACME, ApiKeyLimits.NONE), 1_000_000, T0)).isNull();
        assertThat(limits.admit(Client.workbench(UserId.random(), ACME), 1_000_000, T0)).isNull();
        limits.settle(null, 10);
    }

    @Test
    void new_limits_for_a_key_start_from_full_buckets() {
        limits.admit(key(2, null), 0, T0);
        limits.admit(key(2, null), 0, T0);
        refusal(key(2, null), 0, T0);

        RateLimits.Admission admission = limits.admit(key(3, null), 0, T0);

        assertThat(admission.requestsRemaining()).isEqualTo(2);
    }

    @Test
    void the_same_limits_heard_again_keep_the_buckets_as_they_are() {
        limits.admit(key(2, 100), 0, T0);
        limits.admit(key(2, 100), 0, T0);

        OpenAiError refused = refusal(new Client(keyId, null, ACME, new ApiKeyLimits(Set.of("other"), 2, 100, null)), 0, T0);

        assertThat(refused.status()).isEqualTo(429);
    }

    @Test
    void keys_have_buckets_of_their_own() {
        Client one = key(1, null);
        Client other = new Client(ApiKeyId.random(), null, ACME, one.limits());
        limits.admit(one, 0, T0);

        assertThat(limits.admit(other, 0, T0).requestsRemaining()).isZero();
        refusal(one, 0, T0);
    }

    @Test
    void reset_durations_are_written_as_openai_does() {
        assertThat(RateLimits.duration(250)).isEqualTo("250ms");
        assertThat(RateLimits.duration(1000)).isEqualTo("1s");
        assertThat(RateLimits.duration(1001)).isEqualTo("2s");
        assertThat(RateLimits.duration(59_000)).isEqualTo("59s");
        assertThat(RateLimits.duration(360_000)).isEqualTo("6m0s");
        assertThat(RateLimits.duration(61_500)).isEqualTo("1m2s");
    }

    @Test
    void concurrent_requests_on_one_key_are_admitted_exactly_up_to_its_limit() throws Exception {
        Client client = key(5000, null);
        int threads = 16;
        int attempts = 1000;
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < attempts; i++) {
                        try {
                            limits.admit(client, 1, T0);
                            admitted.incrementAndGet();
                        } catch (OpenAiError e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(admitted).hasValue(5000);
        assertThat(refused).hasValue(threads * attempts - 5000);
    }
}
