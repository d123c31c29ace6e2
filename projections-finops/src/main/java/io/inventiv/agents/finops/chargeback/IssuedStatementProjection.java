package io.inventiv.agents.finops.chargeback;

import io.inventiv.agents.api.chargeback.StatementIssued;
import io.inventiv.agents.api.chargeback.StatementLine;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import io.inventiv.agents.finops.FinopsAutoConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps every statement as issued, line by line; an event seen twice is kept once. */
@Component
@ProcessingGroup(FinopsAutoConfiguration.GROUP)
public class IssuedStatementProjection {

    private final JdbcTemplate jdbc;

    IssuedStatementProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A statement as issued. */
    record Issued(UUID id, Statements.Statement statement, java.math.BigDecimal amountEur, java.time.Instant issuedAt, String issuedBy) {}

    @EventHandler
    void on(StatementIssued e) {
        int inserted = jdbc.update("insert into finops.issued_statements (id, provider_organization_id, consumer_organization_id, period_from, period_to, "
                        + "as_of, amount_eur, issued_at, issued_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                e.statementId().value(), e.providerOrganizationId().value(), e.consumerOrganizationId().value(), Timestamp.from(e.from()),
                Timestamp.from(e.to()), Timestamp.from(e.asOf()), e.amountEur(), Timestamp.from(e.at()), e.actor().toString());
        if (inserted == 0) {
            return;
        }
        List<StatementLine> lines = e.lines();
        for (int n = 0; n < lines.size(); n++) {
            StatementLine l = lines.get(n);
            jdbc.update("insert into finops.issued_statement_lines (statement_id, line, model_service_id, model_service_name, share_id, "
                            + "prompt_price_per_1k, completion_price_per_1k, requests, prompt_tokens, completion_tokens, amount_eur) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.statementId().value(), n, l.modelServiceId().value(), l.modelServiceName(),
                    l.shareId() == null ? null : l.shareId().value(), l.price().promptPer1k(), l.price().completionPer1k(), l.requests(),
                    l.promptTokens(), l.completionTokens(), l.amountEur());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate finops.issued_statements cascade");
    }

    /**
     * Statements issued by {@code asOf}, newest period first, between these organizations (either {@code null}: any) and seen by
     * {@code visibleTo}.
     */
    List<Issued> list(Statements.Parties parties, java.time.Instant asOf) {
        List<Object> args = new java.util.ArrayList<>(List.of(Timestamp.from(asOf)));
        String where = " where issued_at <= ?" + parties.where("provider_organization_id", "consumer_organization_id", args);
        return jdbc.query("select * from finops.issued_statements" + where + " order by period_from desc, provider_organization_id, consumer_organization_id",
                (rs, n) -> issued(rs), args.toArray());
    }

    Optional<Issued> find(UUID id, UUID visibleTo) {
        return jdbc.query("select * from finops.issued_statements where id = ? and (?::uuid is null or ? in (provider_organization_id, "
                + "consumer_organization_id))", (rs, n) -> issued(rs), id, visibleTo, visibleTo).stream().findFirst();
    }

    private Issued issued(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<Statements.Line> lines = jdbc.query("select * from finops.issued_statement_lines where statement_id = ? order by line",
                (l, n) -> new Statements.Line(l.getObject("model_service_id", UUID.class), l.getString("model_service_name"),
                        l.getObject("share_id", UUID.class), l.getBigDecimal("prompt_price_per_1k"), l.getBigDecimal("completion_price_per_1k"),
                        l.getLong("requests"), l.getLong("prompt_tokens"), l.getLong("completion_tokens"), l.getBigDecimal("amount_eur")), id);
        Statements.Statement statement = new Statements.Statement(rs.getObject("provider_organization_id", UUID.class),
                rs.getObject("consumer_organization_id", UUID.class), rs.getTimestamp("period_from").toInstant(), rs.getTimestamp("period_to").toInstant(),
                rs.getTimestamp("as_of").toInstant(), lines);
        return new Issued(id, statement, rs.getBigDecimal("amount_eur"), rs.getTimestamp("issued_at").toInstant(), rs.getString("issued_by"));
    }
}
