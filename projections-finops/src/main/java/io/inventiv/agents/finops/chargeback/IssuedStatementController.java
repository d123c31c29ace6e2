package io.inventiv.agents.finops.chargeback;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.inventiv.agents.api.chargeback.IssueStatement;
import io.inventiv.agents.api.chargeback.StatementId;
import io.inventiv.agents.api.chargeback.StatementLine;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.finops.Money;
import io.inventiv.agents.finops.chargeback.IssuedStatementProjection.Issued;
import io.inventiv.agents.finops.chargeback.Statements.Parties;
import io.inventiv.agents.finops.chargeback.Statements.Statement;
import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuing statements: a provider's admin fixes what a consumer owes for an ended period, from the books as
 * they stand; the statement then stays as issued, and reading it shows what the books say now beside it.
 */
@RestController
class IssuedStatementController {

    private final Statements statements;
    private final IssuedStatementProjection issued;
    private final CommandGateway commands;
    private final Clock clock;

    IssuedStatementController(Statements statements, IssuedStatementProjection issued, CommandGateway commands, Clock clock) {
        this.statements = statements;
        this.issued = issued;
        this.commands = commands;
        this.clock = clock;
    }

    record Issue(@NotNull @JsonProperty("provider_organization_id") UUID provider, @NotNull @JsonProperty("consumer_organization_id") UUID consumer,
                 @NotNull Instant from, @NotNull Instant to) {}

    @Operation(summary = "Issue a statement", description = "What the consumer owes the provider for the tokens used from `from` to `to` "
            + "(an ended period), as the books stand now; by an admin of the provider. One statement per provider, consumer and period.")
    @PostMapping("/finops/chargeback/statements")
    ResponseEntity<Map<String, Object>> issue(@AuthenticationPrincipal Caller caller, @RequestBody @Valid Issue request) {
        caller.requireRole(OrganizationRole.ADMIN, "issue statements");
        if (caller.scope().isPresent() && !caller.scope().get().value().equals(request.provider())) {
            throw Caller.forbidden("a statement is issued by the organization that is owed");
        }
        Instant now = clock.instant();
        // the database keeps times to the microsecond: a period is what it will read back
        Instant from = Periods.start(request.from(), request.to(), null).truncatedTo(ChronoUnit.MICROS);
        Instant to = request.to().truncatedTo(ChronoUnit.MICROS);
        Statement statement = statements.of(new Parties(request.provider(), request.consumer(), null), from, to, now).stream()
                .findFirst().orElseThrow(() -> new Rejected("nothing-to-bill", "Nothing to bill", 422, "organization " + request.consumer()
                        + " used no model service of organization " + request.provider() + " from " + from + " to " + to,
                        Map.of("consumer_organization_id", request.consumer().toString())));
        OrganizationId provider = new OrganizationId(request.provider());
        OrganizationId consumer = new OrganizationId(request.consumer());
        StatementId id = StatementId.of(provider, consumer, from, to);
        try {
            commands.sendAndWait(new IssueStatement(id, provider, consumer, from, to, now,
                    statement.lines().stream().map(IssuedStatementController::line).toList(), caller.actor()));
        } catch (AggregateStreamCreationException alreadyIssued) {
            throw new Rejected("already-issued", "Already issued", 409, "the statement of organization " + request.provider() + " to "
                    + request.consumer() + " from " + from + " to " + to + " was already issued: " + id,
                    Map.of("statement_id", id.toString()));
        }
        Map<String, Object> out = StatementViews.json(statement);
        out.put("id", id.value());
        out.put("issued_at", now);
        return ResponseEntity.created(URI.create("/finops/chargeback/statements/" + id)).body(out);
    }

    @Operation(summary = "An issued statement, and the books beside it", description = "As issued, with `now`: the same period as the books "
            + "stand now (usage recorded after it was issued shows there), and the difference in EUR.")
    @GetMapping("/finops/chargeback/statements/{id}")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        Issued statement = issued.find(id, visibleTo(caller)).orElseThrow(() -> Rejected.notFound(id));
        Statement s = statement.statement();
        Statement now = statements.of(new Parties(s.providerOrganizationId(), s.consumerOrganizationId(), null), s.from(), s.to(), clock.instant())
                .stream().findFirst().orElse(new Statement(s.providerOrganizationId(), s.consumerOrganizationId(), s.from(), s.to(), clock.instant(),
                        List.of()));
        Map<String, Object> out = view(statement);
        out.put("now", StatementViews.json(now));
        out.put("difference_eur", Money.text(now.amountEur().subtract(s.amountEur())));
        return out;
    }

    @Operation(summary = "Statements issued", description = "The ones the caller's organization issued or received (all for a platform admin), "
            + "newest period first, as issued by `as_of` (default: now).")
    @GetMapping("/finops/chargeback/issued_statements")
    Map<String, Object> list(@AuthenticationPrincipal Caller caller,
                             @RequestParam(name = "provider_organization_id", required = false) UUID provider,
                             @RequestParam(name = "consumer_organization_id", required = false) UUID consumer,
                             @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf) {
        Instant at = Periods.asOf(asOf, clock);
        List<Map<String, Object>> items = issued.list(new Parties(provider, consumer, visibleTo(caller)), at).stream()
                .map(IssuedStatementController::view).toList();
        return Map.of("as_of", at, "items", items, "total", items.size());
    }

    private static UUID visibleTo(Caller caller) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
        return caller.scope().map(o -> o.value()).orElse(null);
    }

    private static Map<String, Object> view(Issued statement) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", statement.id());
        out.putAll(StatementViews.json(statement.statement()));
        out.put("issued_at", statement.issuedAt());
        out.put("issued_by", statement.issuedBy());
        return out;
    }

    private static StatementLine line(Statements.Line l) {
        return new StatementLine(new ModelServiceId(l.modelServiceId()), l.modelServiceName(), l.shareId() == null ? null : new ShareId(l.shareId()),
                new TokenPrice(l.promptPricePer1k(), l.completionPricePer1k()), l.requests(), l.promptTokens(), l.completionTokens(), l.amountEur());
    }
}
