package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.usage.Budget;
import io.inventiv.agents.api.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BudgetsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    /** 1 EUR per 1 000 prompt tokens, 2 EUR per 1 000 completion tokens: 1 000 prompt and 500 completion tokens cost 2 EUR. */
    private static final TokenPrice PRICE = new TokenPrice(new BigDecimal("1.00"), new BigDecimal("2.00"));
    private static final RoutingTable.Service BOT = new RoutingTable.Service(ModelServiceId.random(), GLOBEX, "globex/bot", LLAMA,
            Visibility.PUBLIC, false, T0, PRICE);

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock(T0);
    private final Budgets budgets = new Budgets(clock);

    private static Client key(Budget budget) {
        return new Client(ApiKeyId.random(), null, ACME, new ApiKeyLimits(Set.of(), null, null, budget));
    }

    private static Budget eur(String amount, Budget.Period period) {
        return new Budget(new BigDecimal(amount), period);
    }

    private static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    /** Worst case 2 EUR: a prompt bounded at 1 000 tokens and a completion limit of 500. */
    private Budgets.Reservation reserveTwoEur(Client client) {
        return budgets.reserve(client, BOT, 1000, 500, null);
    }

    private OpenAiError refusal(Supplier<?> reservation) {
        OpenAiError error = catchThrowableOfType(OpenAiError.class, reservation::get);
        assertThat(error).as("refused").isNotNull();
        return error;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(OpenAiError error) {
        return (Map<String, Object>) error.body().get("error");
    }

    private static UsageRecorded row(UUID batch, Instant minute, Client client, long promptTokens, long completionTokens) {
        return new UsageRecorded(batch, minute, client.organizationId(), client.apiKeyId(), client.userId(), BOT.id(), BOT.name(),
                BOT.organizationId(), BOT.modelId(), null, 1, 0, promptTokens, completionTokens, PRICE,
                UsageRecorded.cost(promptTokens, completionTokens, PRICE), null);
    }

    @Test
    void a_request_to_a_free_service_reserves_nothing() {
        RoutingTable.Service free = BOT.withPrice(TokenPrice.FREE);
        Client client = key(eur("0", Budget.Period.TOTAL));

        assertThat(budgets.reserve(client, free, 1_000_000, 1_000_000, null)).isNull();
        budgets.settle(null, free, 1_000_000, 1_000_000);
    }

    @Test
    void a_key_may_reserve_up_to_its_budget_and_not_a_cent_more() {
        Client client = key(eur("4.00", Budget.Period.TOTAL));

        assertThat(reserveTwoEur(client).worst()).isEqualByComparingTo("2");
        assertThat(reserveTwoEur(client)).isNotNull();
        OpenAiError refused = refusal(() -> budgets.reserve(client, BOT, 0, 1, null));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(errorOf(refused)).containsEntry("code", "insufficient_quota").containsEntry("type", "insufficient_quota");
        assertThat((String) errorOf(refused).get("message")).contains("this key").contains("4.00 EUR");
    }

    @Test
    void a_request_whose_worst_case_would_pass_the_key_budget_is_refused_even_when_nothing_was_spent() {
        Client client = key(eur("1.99", Budget.Period.DAY));

        OpenAiError refused = refusal(() -> reserveTwoEur(client));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(errorOf(refused)).containsEntry("code", "insufficient_quota");
        assertThat((String) errorOf(refused).get("message")).contains("per day");
    }

    @Test
    void the_refusal_carries_the_rate_limit_headers_of_the_request() {
        Client client = new Client(ApiKeyId.random(), null, ACME, new ApiKeyLimits(Set.of(), 10, null, eur("1", Budget.Period.TOTAL)));
        RateLimits.Admission admission = new RateLimits().admit(client, 0, 0);

        OpenAiError refused = refusal(() -> budgets.reserve(client, BOT, 1000, 500, admission));

        assertThat(refused.headers()).extracting(h -> h[0]).contains("x-ratelimit-remaining-requests");
    }

    @Test
    void settling_replaces_the_reservation_by_what_the_request_cost() {
        Client client = key(eur("2.00", Budget.Period.TOTAL));
        Budgets.Reservation reservation = reserveTwoEur(client);
        refusal(() -> budgets.reserve(client, BOT, 10, 0, null));

        budgets.settle(reservation, BOT, 200, 100);

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("0.4");
        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isEqualByComparingTo("0.4");
        assertThat(budgets.reserve(client, BOT, 600, 500, null).worst()).isEqualByComparingTo("1.6");
        refusal(() -> budgets.reserve(client, BOT, 1, 0, null));
    }

    @Test
    void spending_adds_up_request_after_request() {
        Client client = key(eur("1.00", Budget.Period.TOTAL));
        for (int i = 0; i < 10; i++) {
            Budgets.Reservation r = budgets.reserve(client, BOT, 100, 0, null);
            budgets.settle(r, BOT, 100, 0);
        }

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("1.0");
        refusal(() -> budgets.reserve(client, BOT, 1, 0, null));
    }

    @Test
    void the_organization_budget_applies_to_all_its_keys_together() {
        budgets.organizationBudget(ACME, eur("3.00", Budget.Period.MONTH));
        Client first = key(null);
        Client second = key(null);

        Budgets.Reservation reservation = reserveTwoEur(first);
        OpenAiError refused = refusal(() -> reserveTwoEur(second));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(errorOf(refused)).containsEntry("code", "insufficient_quota");
        assertThat((String) errorOf(refused).get("message")).contains("your organization").contains("per month");

        budgets.settle(reservation, BOT, 500, 0);
        assertThat(reserveTwoEur(second)).isNotNull();
    }

    @Test
    void the_organization_budget_applies_to_the_workbench_too() {
        budgets.organizationBudget(ACME, eur("2.00", Budget.Period.TOTAL));
        Client workbench = Client.workbench(UserId.random(), ACME);

        reserveTwoEur(key(null));

        refusal(() -> reserveTwoEur(workbench));
    }

    @Test
    void a_request_refused_by_its_organization_gives_back_what_it_reserved_on_its_key() {
        budgets.organizationBudget(ACME, eur("3.00", Budget.Period.TOTAL));
        Client first = key(null);
        Client second = key(eur("2.00", Budget.Period.TOTAL));
        Budgets.Reservation reservation = reserveTwoEur(first);

        refusal(() -> reserveTwoEur(second));
        budgets.settle(reservation, BOT, 0, 0);

        assertThat(reserveTwoEur(second)).as("the key's own 2 EUR were not kept by the refused request").isNotNull();
    }

    @Test
    void other_organizations_are_not_held_by_a_budget_that_is_not_theirs() {
        budgets.organizationBudget(ACME, eur("0", Budget.Period.TOTAL));
        Client globex = new Client(ApiKeyId.random(), null, GLOBEX, ApiKeyLimits.NONE);

        refusal(() -> reserveTwoEur(key(null)));
        assertThat(reserveTwoEur(globex)).isNotNull();
    }

    @Test
    void an_organization_budget_removed_no_longer_applies() {
        budgets.organizationBudget(ACME, eur("1", Budget.Period.TOTAL));
        refusal(() -> reserveTwoEur(key(null)));

        budgets.organizationBudget(ACME, null);

        assertThat(reserveTwoEur(key(null))).isNotNull();
    }

    @Test
    void usage_recorded_by_other_nodes_counts_as_spent() {
        Client client = key(eur("5.00", Budget.Period.TOTAL));
        UUID otherNode = UUID.randomUUID();

        budgets.recorded(row(otherNode, T0, client, 2000, 0));

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("2");
        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isEqualByComparingTo("2");
        reserveTwoEur(client);
        refusal(() -> reserveTwoEur(client));
    }

    @Test
    void usage_of_this_nodes_own_batches_is_not_counted_twice() {
        Client client = key(eur("4.00", Budget.Period.TOTAL));
        UUID ownBatch = UUID.randomUUID();
        Budgets.Reservation reservation = reserveTwoEur(client);
        budgets.settle(reservation, BOT, 1000, 500);

        budgets.ownBatch(ownBatch);
        budgets.recorded(row(ownBatch, T0, client, 1000, 500));

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("2");
        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isEqualByComparingTo("2");
        assertThat(reserveTwoEur(client)).isNotNull();
    }

    @Test
    void usage_of_the_workbench_counts_for_the_organization_only() {
        Client workbench = Client.workbench(UserId.random(), ACME);

        budgets.recorded(row(UUID.randomUUID(), T0, workbench, 1000, 0));

        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isEqualByComparingTo("1");
        assertThat(budgets.spentNow(workbench.userId(), Budget.Period.TOTAL)).isZero();
    }

    @Test
    void a_day_budget_forgets_what_was_spent_yesterday() {
        Client client = key(eur("3.00", Budget.Period.DAY));
        budgets.settle(reserveTwoEur(client), BOT, 1000, 500);
        refusal(() -> reserveTwoEur(client));

        clock.advance(Duration.ofHours(15));

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.DAY)).isZero();
        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.MONTH)).isEqualByComparingTo("2");
        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isEqualByComparingTo("2");
        assertThat(reserveTwoEur(client)).isNotNull();
    }

    @Test
    void usage_of_yesterday_heard_today_does_not_count_against_today() {
        Client client = key(eur("3.00", Budget.Period.DAY));
        budgets.settle(budgets.reserve(client, BOT, 1000, 0, null), BOT, 1000, 0);
        clock.advance(Duration.ofDays(1));
        budgets.settle(budgets.reserve(client, BOT, 1000, 0, null), BOT, 1000, 0);

        budgets.recorded(row(UUID.randomUUID(), T0, client, 2000, 0));

        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.DAY)).isEqualByComparingTo("1");
        assertThat(reserveTwoEur(client)).isNotNull();
    }

    @Test
    void a_month_budget_forgets_last_month_but_a_total_budget_never_does() {
        Client monthly = key(eur("2.00", Budget.Period.MONTH));
        Client total = key(eur("2.00", Budget.Period.TOTAL));
        budgets.settle(reserveTwoEur(monthly), BOT, 1000, 500);
        budgets.settle(reserveTwoEur(total), BOT, 1000, 500);

        clock.advance(Duration.ofDays(31));

        assertThat(reserveTwoEur(monthly)).isNotNull();
        refusal(() -> reserveTwoEur(total));
    }

    @Test
    void concurrent_requests_cannot_together_pass_a_key_budget() throws Exception {
        // worst case of each request: 2 EUR; budget 10.5 x 2 EUR
        Client client = key(eur("21.00", Budget.Period.TOTAL));

        List<Budgets.Reservation> admitted = race(100, () -> client);

        assertThat(admitted).hasSize(10);
        settleAtMostTheirWorstCase(admitted);
        assertThat(budgets.spentNow(client.apiKeyId(), Budget.Period.TOTAL)).isLessThanOrEqualTo(eur("21.00"));
        assertThat(budgets.spentNow(ACME, Budget.Period.TOTAL)).isLessThanOrEqualTo(eur("21.00"));
    }

    @Test
    void concurrent_requests_of_many_keys_cannot_together_pass_their_organization_budget() throws Exception {
        budgets.organizationBudget(ACME, eur("21.00", Budget.Period.DAY));

        List<Budgets.Reservation> admitted = race(100, () -> key(null));

        assertThat(admitted).hasSize(10);
        settleAtMostTheirWorstCase(admitted);
        assertThat(budgets.spentNow(ACME, Budget.Period.DAY)).isLessThanOrEqualTo(eur("21.00"));
    }

    /** Releases {@code threads} requests of 2 EUR worst case at once; returns those admitted. */
    private List<Budgets.Reservation> race(int threads, Supplier<Client> callers) throws Exception {
        ConcurrentLinkedQueue<Budgets.Reservation> admitted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<OpenAiError> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Client client = callers.get();
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        admitted.add(reserveTwoEur(client));
                    } catch (OpenAiError e) {
                        refused.add(e);
                    }
                    return null;
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refused).hasSize(threads - admitted.size()).allSatisfy(e -> assertThat(e.status()).isEqualTo(429));
        return new ArrayList<>(admitted);
    }

    private void settleAtMostTheirWorstCase(List<Budgets.Reservation> admitted) {
        for (Budgets.Reservation reservation : admitted) {
            long prompt = ThreadLocalRandom.current().nextLong(0, 1001);
            long completion = ThreadLocalRandom.current().nextLong(0, 501);
            budgets.settle(reservation, BOT, prompt, completion);
        }
    }
}
