package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.support.storage.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Two nodes serving one key share its limits: together they admit what one node would, not twice as much. */
class SharedRateLimitsTest {

    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final ApiKeyId keyId = ApiKeyId.random();

    private Client key(Integer requestsPerMinute, Integer tokensPerMinute) {
        return new Client(keyId, null, ACME, new ApiKeyLimits(Set.of(), requestsPerMinute, tokensPerMinute, null));
    }

    /** Counts the draws that reach the shared buckets. */
    private static final class Counted implements SharedBuckets {
        final SharedBuckets inner;
        final AtomicInteger draws = new AtomicInteger();
        volatile boolean failing;

        Counted(SharedBuckets inner) {
            this.inner = inner;
        }

        @Override
        public Draw draw(ApiKeyId key, Integer rpm, Integer tpm, double needRequests, double needTokens, double moreRequests,
                         double moreTokens, long nowNanos) {
            if (failing) {
                throw new IllegalStateException("the database is down");
            }
            draws.incrementAndGet();
            return inner.draw(key, rpm, tpm, needRequests, needTokens, moreRequests, moreTokens, nowNanos);
        }

        @Override
        public void giveBack(ApiKeyId key, Integer rpm, Integer tpm, double requests, double tokens, long nowNanos) {
            inner.giveBack(key, rpm, tpm, requests, tokens, nowNanos);
        }
    }

    private static boolean admitted(RateLimits node, Client client, long tokens, long now) {
        return catchThrowableOfType(OpenAiError.class, () -> node.admit(client, tokens, now)) == null;
    }

    @Test
    void two_nodes_admit_together_the_requests_per_minute_of_one_key() {
        SharedBuckets shared = new SharedBuckets.InMemory();
        RateLimits a = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        RateLimits b = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        Client client = key(10, null);

        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            admitted += admitted(i % 2 == 0 ? a : b, client, 0, T0) ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void a_node_gives_back_what_it_took_and_did_not_use_so_the_other_may_use_it() {
        SharedBuckets shared = new SharedBuckets.InMemory();
        RateLimits a = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        RateLimits b = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        Client client = key(null, 1000);
        a.admit(client, 100, T0); // a holds a portion of 50 beyond its 100

        int beforeGiveBack = 0;
        while (admitted(b, client, 1, T0)) {
            beforeGiveBack++;
        }
        a.returnIdle(T0 + 2 * SECOND); // 2 s later: refilled by 33 tokens, and a's 50 are back
        int after = 0;
        while (admitted(b, client, 1, T0 + 2 * SECOND)) {
            after++;
        }

        assertThat(beforeGiveBack).isEqualTo(850);
        assertThat(after).isEqualTo(83);
    }

    @Test
    void a_node_admits_from_its_portion_without_asking_and_refuses_a_key_it_knows_empty_without_asking() {
        Counted shared = new Counted(new SharedBuckets.InMemory());
        RateLimits node = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        Client client = key(100, null);

        for (int i = 0; i < 100; i++) {
            node.admit(client, 0, T0);
        }
        int drawsToEmpty = shared.draws.get();
        for (int i = 0; i < 50; i++) {
            assertThat(admitted(node, client, 0, T0)).isFalse();
        }

        assertThat(drawsToEmpty).as("a draw for every 6 requests: the one needed and a portion of 5").isEqualTo(17);
        assertThat(shared.draws.get()).isEqualTo(drawsToEmpty);
    }

    @Test
    void without_its_database_a_node_counts_the_key_alone_rather_than_refusing_or_admitting_everything() {
        Counted shared = new Counted(new SharedBuckets.InMemory());
        shared.failing = true;
        RateLimits node = new RateLimits(shared, Runnable::run, Duration.ofSeconds(1));
        Client client = key(3, null);

        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += admitted(node, client, 0, T0) ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void a_refusal_drawn_off_the_loop_comes_back_as_the_429_of_the_key() {
        RateLimits node = new RateLimits(new SharedBuckets.InMemory(), Runnable::run, Duration.ofSeconds(1));
        Client client = key(1, null);
        node.admit(client, 0, T0);

        CompletionException failed = catchThrowableOfType(CompletionException.class,
                () -> node.admitShared(client, 0, T0).join());

        assertThat(failed.getCause()).isInstanceOfSatisfying(OpenAiError.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void nodes_sharing_a_postgresql_database_admit_one_key_s_limit_once_however_many_threads_ask() throws Exception {
        TestDatabase.Connection db = TestDatabase.create();
        HikariDataSource[] sources = {dataSource(db), dataSource(db)};
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration/router").load().migrate();
        List<RateLimits> nodes = new ArrayList<>();
        for (HikariDataSource source : sources) {
            nodes.add(RateLimits.sharedThrough(new DatabaseBuckets(new JdbcTemplate(source),
                    new TransactionTemplate(new DataSourceTransactionManager(source))), Duration.ofSeconds(1)));
        }
        Client client = key(60, null); // refills one request a second
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RateLimits node = nodes.get(t % 2);
                done.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 30; i++) {
                        if (admitted(node, client, 0, System.nanoTime())) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            nodes.forEach(RateLimits::close);
            for (HikariDataSource source : sources) {
                source.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(admitted.get()).isBetween(60, 60 + (int) Math.ceil(seconds) + 1);
    }

    /** A node's own pool of connections. */
    private static HikariDataSource dataSource(TestDatabase.Connection db) {
        HikariDataSource source = new HikariDataSource();
        source.setJdbcUrl(db.url());
        source.setUsername(db.user());
        source.setPassword(db.password());
        source.setMaximumPoolSize(3);
        return source;
    }
}
