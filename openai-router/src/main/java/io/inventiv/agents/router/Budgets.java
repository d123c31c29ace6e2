package io.inventiv.agents.router;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.usage.Budget;
import io.inventiv.agents.api.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spending limits in EUR of keys and organizations, enforced as reservations: before a request is sent,
 * the most it can cost (its prompt's token bound and its completion limit at the service's price) is
 * reserved on its key's and its organization's accounts, and refused (429 {@code insufficient_quota})
 * when what was spent, what is reserved and that would pass the budget; when it ends, the reservation
 * gives way to what it cost. So concurrent requests cannot together overshoot a budget.
 *
 * <p>What was spent comes from the {@code UsageRecorded} events (the whole log, read at start) and from
 * this node's requests as they end; the events of this node's own batches are not counted twice.
 * Each account has its own lock.
 */
final class Budgets {

    /** What a request reserved, on which accounts. */
    record Reservation(Account key, Account organization, BigDecimal worst) {}

    private final Clock clock;
    private final Map<Object, Account> accounts = new ConcurrentHashMap<>();
    private final Map<OrganizationId, Budget> organizationBudgets = new ConcurrentHashMap<>();
    private final Set<UUID> ownBatches = ConcurrentHashMap.newKeySet();

    Budgets(Clock clock) {
        this.clock = clock;
    }

    // --- from events --------------------------------------------------------------------------------

    void organizationBudget(OrganizationId organization, Budget budget) {
        if (budget == null) {
            organizationBudgets.remove(organization);
        } else {
            organizationBudgets.put(organization, budget);
        }
    }

    /** A batch this node is about to write: its rows were counted as its requests ended. */
    void ownBatch(UUID batchId) {
        ownBatches.add(batchId);
    }

    void recorded(UsageRecorded row) {
        if (row.costEur() == null || row.costEur().signum() == 0) {
            return;
        }
        if (ownBatches.contains(row.batchId())) {
            return;
        }
        if (row.apiKeyId() != null) {
            account(row.apiKeyId()).spent(row.minute(), row.costEur());
        }
        account(row.organizationId()).spent(row.minute(), row.costEur());
    }

    // --- requests ------------------------------------------------------------------------------------

    /**
     * @return the reservation, or {@code null} when the request is free (its service charges nothing)
     * @throws OpenAiError 429 {@code insufficient_quota} when a budget would be passed
     */
    Reservation reserve(Client client, RoutingTable.Service service, long promptTokenBound, long completionLimit,
                        RateLimits.Admission admission) {
        TokenPrice price = service.price();
        if (price.promptPer1k().signum() == 0 && price.completionPer1k().signum() == 0) {
            return null;
        }
        BigDecimal worst = UsageRecorded.cost(promptTokenBound, completionLimit, price);
        Instant now = clock.instant();
        Account key = client.apiKeyId() == null ? null : account(client.apiKeyId());
        Account organization = account(client.organizationId());
        Budget keyBudget = client.limits() == null ? null : client.limits().budget();
        if (key != null && !key.reserve(keyBudget, now, worst)) {
            throw overBudget("this key", keyBudget, admission);
        }
        Budget organizationBudget = organizationBudgets.get(client.organizationId());
        if (!organization.reserve(organizationBudget, now, worst)) {
            if (key != null) {
                key.settle(now, worst, BigDecimal.ZERO);
            }
            throw overBudget("your organization", organizationBudget, admission);
        }
        return new Reservation(key, organization, worst);
    }

    void settle(Reservation reservation, RoutingTable.Service service, long promptTokens, long completionTokens) {
        if (reservation == null) {
            return;
        }
        BigDecimal cost = UsageRecorded.cost(promptTokens, completionTokens, service.price());
        Instant now = clock.instant();
        if (reservation.key() != null) {
            reservation.key().settle(now, reservation.worst(), cost);
        }
        reservation.organization().settle(now, reservation.worst(), cost);
    }

    /** What an account has spent in the period now, for tests and the operator. */
    BigDecimal spentNow(Object owner, Budget.Period period) {
        Account account = accounts.get(owner);
        return account == null ? BigDecimal.ZERO : account.spentIn(period, clock.instant());
    }

    private Account account(Object owner) {
        return accounts.computeIfAbsent(owner, o -> new Account());
    }

    private static OpenAiError overBudget(String whose, Budget budget, RateLimits.Admission admission) {
        return new OpenAiError(429, "insufficient_quota", "insufficient_quota", null, "This request could cost more than what is left of "
                + whose + "'s budget of " + budget.amountEur().toPlainString() + " EUR" + switch (budget.period()) {
                    case DAY -> " per day";
                    case MONTH -> " per month";
                    case TOTAL -> "";
                } + ". Lower max_tokens, or raise the budget.", admission == null ? java.util.List.of() : RateLimits.headers(admission));
    }

    /**
     * Spending of one key or organization: per period kind, the current period's spending (older
     * periods are forgotten as time moves on), and what requests in flight reserved.
     */
    static final class Account {
        private final long[] periodOf = new long[Budget.Period.values().length];
        private final BigDecimal[] spent = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        private BigDecimal reserved = BigDecimal.ZERO;

        synchronized boolean reserve(Budget budget, Instant now, BigDecimal worst) {
            if (budget != null) {
                BigDecimal committed = current(budget.period(), now).add(reserved).add(worst);
                if (committed.compareTo(budget.amountEur()) > 0) {
                    return false;
                }
            }
            reserved = reserved.add(worst);
            return true;
        }

        synchronized void settle(Instant now, BigDecimal worst, BigDecimal cost) {
            reserved = reserved.subtract(worst);
            spent(now, cost);
        }

        synchronized void spent(Instant at, BigDecimal cost) {
            for (Budget.Period period : Budget.Period.values()) {
                long of = period.of(at);
                int i = period.ordinal();
                if (of > periodOf[i]) {
                    periodOf[i] = of;
                    spent[i] = cost;
                } else if (of == periodOf[i]) {
                    spent[i] = spent[i].add(cost);
                }
            }
        }

        synchronized BigDecimal spentIn(Budget.Period period, Instant now) {
            return current(period, now);
        }

        private BigDecimal current(Budget.Period period, Instant now) {
            return period.of(now) == periodOf[period.ordinal()] ? spent[period.ordinal()] : BigDecimal.ZERO;
        }
    }
}
