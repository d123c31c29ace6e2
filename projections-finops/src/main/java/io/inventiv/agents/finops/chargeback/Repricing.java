package io.inventiv.agents.finops.chargeback;

import io.inventiv.agents.api.usage.UsageRecorded;
import io.inventiv.agents.finops.chargeback.IssuedStatementProjection.Issued;
import io.inventiv.agents.finops.chargeback.Statements.Line;
import io.inventiv.agents.finops.chargeback.Statements.Parties;
import io.inventiv.agents.finops.chargeback.Statements.Statement;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Re-pricing: the usage of a past period read again from the event log and charged at a corrected price
 * table, beside what was charged and what was issued. The log and the issued statements are left as they
 * are; the result says what each consumer should have been billed, line by line, and the difference.
 */
@Component
class Repricing {

    /** A usage row recorded this long after its minute is still looked for (a router's journal published after a restart). */
    static final Duration LATE = Duration.ofMinutes(5);

    /**
     * A corrected price: for the usage of a model service at its own price, or, with a share, for the usage through that share.
     */
    record Correction(UUID modelServiceId, UUID shareId, BigDecimal promptPer1k, BigDecimal completionPer1k) {

        boolean appliesTo(UsageRecorded e) {
            UUID share = e.shareId() == null ? null : e.shareId().value();
            return modelServiceId.equals(e.modelServiceId().value()) && Objects.equals(shareId, share);
        }
    }

    /** One pair's statement for the period at the prices charged and at the corrected ones, and each issued statement's. */
    record Repriced(Statement charged, Statement corrected, List<IssuedRepriced> issued) {}

    /** An issued statement and what it should have said, for its own period. */
    record IssuedRepriced(Issued issued, Statement corrected) {}

    record Result(Instant from, Instant to, long eventsRead, long usageRows, Duration took, List<Repriced> statements) {}

    private final EventStore events;
    private final IssuedStatementProjection issuedStatements;
    private final Clock clock;

    Repricing(EventStore events, IssuedStatementProjection issuedStatements, Clock clock) {
        this.events = events;
        this.issuedStatements = issuedStatements;
        this.clock = clock;
    }

    Result run(Parties parties, Instant from, Instant to, List<Correction> corrections) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Issued> issued = issuedStatements.list(parties, now).stream()
                .filter(s -> !s.statement().from().isBefore(from) && !s.statement().to().isAfter(to)).toList();
        Map<List<UUID>, Tally> pairs = new LinkedHashMap<>();
        Map<UUID, Tally> perIssued = new LinkedHashMap<>();
        long read = 0;
        long rows = 0;
        TrackingToken head = events.createHeadToken();
        long last = head == null ? -1 : head.position().orElse(-1);
        if (last >= 0) {
            try (BlockingStream<TrackedEventMessage<?>> log = events.openStream(events.createTokenAt(from.minus(LATE)))) {
                while (log.hasNextAvailable(10, TimeUnit.SECONDS)) {
                    TrackedEventMessage<?> message = log.nextAvailable();
                    read++;
                    if (message.getPayload() instanceof UsageRecorded e && counts(e, parties, from, to)) {
                        rows++;
                        Correction correction = corrections.stream().filter(c -> c.appliesTo(e)).findFirst().orElse(null);
                        List<UUID> pair = List.of(e.serviceOrganizationId().value(), e.organizationId().value());
                        pairs.computeIfAbsent(pair, p -> new Tally()).add(e, correction);
                        for (Issued s : issued) {
                            if (s.statement().providerOrganizationId().equals(pair.get(0)) && s.statement().consumerOrganizationId().equals(pair.get(1))
                                    && !e.minute().isBefore(s.statement().from()) && e.minute().isBefore(s.statement().to())) {
                                perIssued.computeIfAbsent(s.id(), id -> new Tally()).add(e, correction);
                            }
                        }
                    }
                    if (message.trackingToken().position().orElse(Long.MAX_VALUE) >= last) {
                        break;
                    }
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("re-pricing was interrupted", interrupted);
            }
        }
        List<Repriced> out = new ArrayList<>();
        pairs.forEach((pair, tally) -> out.add(new Repriced(tally.charged(pair, from, to, now), tally.corrected(pair, from, to, now),
                issued.stream().filter(s -> s.statement().providerOrganizationId().equals(pair.get(0))
                                && s.statement().consumerOrganizationId().equals(pair.get(1)))
                        .map(s -> new IssuedRepriced(s, perIssued.getOrDefault(s.id(), new Tally()).corrected(pair, s.statement().from(),
                                s.statement().to(), now))).toList())));
        return new Result(from, to, read, rows, Duration.ofNanos(System.nanoTime() - started), out);
    }

    private static boolean counts(UsageRecorded e, Parties parties, Instant from, Instant to) {
        UUID provider = e.serviceOrganizationId().value();
        UUID consumer = e.organizationId().value();
        return !provider.equals(consumer) && !e.minute().isBefore(from) && e.minute().isBefore(to)
                && (parties.provider() == null || parties.provider().equals(provider))
                && (parties.consumer() == null || parties.consumer().equals(consumer))
                && (parties.visibleTo() == null || parties.visibleTo().equals(provider) || parties.visibleTo().equals(consumer));
    }

    /** The usage of one pair of organizations, per line as charged, each line's tokens also priced as corrected. */
    private static final class Tally {
        private final Map<List<Object>, Line> charged = new LinkedHashMap<>();
        private final Map<List<Object>, BigDecimal[]> correctedPrices = new LinkedHashMap<>();

        void add(UsageRecorded e, Correction correction) {
            List<Object> kind = new ArrayList<>();
            kind.add(e.modelServiceId().value());
            kind.add(e.shareId() == null ? null : e.shareId().value());
            kind.add(e.price().promptPer1k().stripTrailingZeros());
            kind.add(e.price().completionPer1k().stripTrailingZeros());
            charged.merge(kind, new Line(e.modelServiceId().value(), e.modelServiceName(), e.shareId() == null ? null : e.shareId().value(),
                    e.price().promptPer1k(), e.price().completionPer1k(), e.requests(), e.promptTokens(), e.completionTokens(), e.costEur()),
                    (a, b) -> new Line(a.modelServiceId(), a.modelServiceName(), a.shareId(), a.promptPricePer1k(), a.completionPricePer1k(),
                            a.requests() + b.requests(), a.promptTokens() + b.promptTokens(), a.completionTokens() + b.completionTokens(),
                            a.amountEur().add(b.amountEur())));
            correctedPrices.putIfAbsent(kind, correction == null ? new BigDecimal[] {e.price().promptPer1k(), e.price().completionPer1k()}
                    : new BigDecimal[] {correction.promptPer1k(), correction.completionPer1k()});
        }

        Statement charged(List<UUID> pair, Instant from, Instant to, Instant asOf) {
            return new Statement(pair.get(0), pair.get(1), from, to, asOf, List.copyOf(charged.values()));
        }

        Statement corrected(List<UUID> pair, Instant from, Instant to, Instant asOf) {
            List<Line> lines = new ArrayList<>();
            charged.forEach((kind, line) -> {
                BigDecimal[] price = correctedPrices.get(kind);
                lines.add(line.repriced(price[0], price[1]));
            });
            return new Statement(pair.get(0), pair.get(1), from, to, asOf, List.copyOf(lines));
        }
    }
}
