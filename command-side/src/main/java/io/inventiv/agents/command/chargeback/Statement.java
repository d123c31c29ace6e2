package io.inventiv.agents.command.chargeback;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.chargeback.IssueStatement;
import io.inventiv.agents.api.chargeback.StatementId;
import io.inventiv.agents.api.chargeback.StatementIssued;
import io.inventiv.agents.api.chargeback.StatementLine;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * What one organization billed another for a period, fixed when issued. One per provider, consumer and
 * period (its id follows from them); only a period that has ended is issued, from books read after its end.
 */
@Aggregate
public class Statement {

    @AggregateIdentifier
    private StatementId id;

    protected Statement() {}

    @CommandHandler
    Statement(IssueStatement cmd, Clock clock) {
        Instant now = clock.instant();
        if (cmd.providerOrganizationId() == null || cmd.consumerOrganizationId() == null
                || cmd.providerOrganizationId().equals(cmd.consumerOrganizationId())) {
            throw Rejected.invalidField("consumer_organization_id", "a statement is between two different organizations");
        }
        if (cmd.from() == null || cmd.to() == null || !cmd.from().isBefore(cmd.to())) {
            throw Rejected.invalidField("from", "a statement's period runs from a time before its end");
        }
        if (cmd.to().isAfter(now)) {
            throw Rejected.invalidField("to", "only a period that has ended is billed: " + cmd.to() + " is still to come");
        }
        if (cmd.asOf() == null || cmd.asOf().isBefore(cmd.to()) || cmd.asOf().isAfter(now)) {
            throw Rejected.invalidField("as_of", "a statement is read from the books after its period ended, and not from the future");
        }
        if (!cmd.statementId().equals(StatementId.of(cmd.providerOrganizationId(), cmd.consumerOrganizationId(), cmd.from(), cmd.to()))) {
            throw Rejected.invalidField("statement_id", "a statement's id follows from its provider, consumer and period");
        }
        List<StatementLine> lines = cmd.lines() == null ? List.of() : List.copyOf(cmd.lines());
        if (!lines.stream().allMatch(StatementLine::adds)) {
            throw Rejected.invalidField("lines", "each line's amount is its tokens times its price per 1 000");
        }
        BigDecimal amount = lines.stream().map(StatementLine::amountEur).reduce(BigDecimal.ZERO, BigDecimal::add);
        apply(new StatementIssued(cmd.statementId(), cmd.providerOrganizationId(), cmd.consumerOrganizationId(), cmd.from(), cmd.to(), cmd.asOf(),
                lines, amount, cmd.issuedBy(), now));
    }

    @EventSourcingHandler
    void on(StatementIssued e) {
        id = e.statementId();
    }
}
