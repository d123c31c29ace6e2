package io.inventiv.agents.finops.chargeback;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What one organization owes another for the use of its model services over a period, from the usage
 * rows: one line per service, share and price, its tokens and their exact cost (tokens × price / 1000,
 * as charged). Only use across organizations counts; an organization's use of its own services is not billed.
 */
@Component
public class Statements {

    /** Tokens of one model service at one price, through one share ({@code null}: at the service's own price). */
    public record Line(UUID modelServiceId, String modelServiceName, UUID shareId, BigDecimal promptPricePer1k, BigDecimal completionPricePer1k,
                       long requests, long promptTokens, long completionTokens, BigDecimal amountEur) {

        /** The same tokens charged at other prices. */
        Line repriced(BigDecimal promptPer1k, BigDecimal completionPer1k) {
            BigDecimal amount = promptPer1k.multiply(BigDecimal.valueOf(promptTokens)).add(completionPer1k.multiply(BigDecimal.valueOf(completionTokens)))
                    .movePointLeft(3);
            return new Line(modelServiceId, modelServiceName, shareId, promptPer1k, completionPer1k, requests, promptTokens, completionTokens, amount);
        }

        /** Whether two lines are for the same tokens' kind: service, share and price. */
        boolean sameKind(Line other) {
            return modelServiceId.equals(other.modelServiceId) && Objects.equals(shareId, other.shareId)
                    && promptPricePer1k.compareTo(other.promptPricePer1k) == 0 && completionPricePer1k.compareTo(other.completionPricePer1k) == 0;
        }
    }

    /** A provider's bill to a consumer for a period, as the books stood at {@code asOf}. */
    public record Statement(UUID providerOrganizationId, UUID consumerOrganizationId, Instant from, Instant to, Instant asOf, List<Line> lines) {

        public long requests() {
            return lines.stream().mapToLong(Line::requests).sum();
        }

        public long promptTokens() {
            return lines.stream().mapToLong(Line::promptTokens).sum();
        }

        public long completionTokens() {
            return lines.stream().mapToLong(Line::completionTokens).sum();
        }

        /** The exact sum of the lines, unrounded. */
        public BigDecimal amountEur() {
            return lines.stream().map(Line::amountEur).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** Which statements: between these two organizations (either may be {@code null}: any), seen by {@code visibleTo} ({@code null}: all). */
    public record Parties(UUID provider, UUID consumer, UUID visibleTo) {

        /** The SQL conditions (each starting with " and") on a table's provider and consumer columns, their arguments added to {@code args}. */
        String where(String providerColumn, String consumerColumn, List<Object> args) {
            StringBuilder where = new StringBuilder();
            if (provider != null) {
                where.append(" and ").append(providerColumn).append(" = ?");
                args.add(provider);
            }
            if (consumer != null) {
                where.append(" and ").append(consumerColumn).append(" = ?");
                args.add(consumer);
            }
            if (visibleTo != null) {
                where.append(" and ? in (").append(providerColumn).append(", ").append(consumerColumn).append(")");
                args.add(visibleTo);
            }
            return where.toString();
        }
    }

    private final JdbcTemplate jdbc;

    Statements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The statements of every pair of organizations with usage between them from {@code from} to {@code to}, as recorded by {@code asOf}. */
    public List<Statement> of(Parties parties, Instant from, Instant to, Instant asOf) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(asOf), Timestamp.from(from), Timestamp.from(to)));
        String where = " where organization_id <> service_organization_id and recorded_at <= ? and minute >= ? and minute < ?"
                + parties.where("service_organization_id", "organization_id", args);
        Map<List<UUID>, List<Line>> byPair = new LinkedHashMap<>();
        jdbc.query("select service_organization_id, organization_id, model_service_id, model_service_name, share_id, prompt_price_per_1k, "
                + "completion_price_per_1k, sum(requests) as requests, sum(prompt_tokens) as prompt_tokens, sum(completion_tokens) as completion_tokens, "
                + "sum(cost_eur) as amount from finops.token_usage" + where + " group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 4, 5 nulls first, 6, 7",
                rs -> {
                    List<UUID> pair = List.of(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                    byPair.computeIfAbsent(pair, p -> new ArrayList<>()).add(new Line(rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getObject(5, UUID.class), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getBigDecimal(11)));
                }, args.toArray());
        List<Statement> out = new ArrayList<>();
        byPair.forEach((pair, lines) -> out.add(new Statement(pair.get(0), pair.get(1), from, to, asOf, List.copyOf(lines))));
        return out;
    }
}
