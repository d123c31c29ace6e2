package io.inventiv.agents.finops.chargeback;

import io.inventiv.agents.finops.chargeback.Statements.Parties;
import io.inventiv.agents.finops.chargeback.Statements.Statement;
import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chargeback statements between organizations: what each consumer owes each provider for the tokens of
 * the provider's model services over a period, line by line at the prices charged, in JSON or CSV. A
 * platform admin sees every pair; anyone else the statements their organization gives or receives.
 */
@RestController
class StatementController {

    private final Statements statements;
    private final Clock clock;

    StatementController(Statements statements, Clock clock) {
        this.statements = statements;
        this.clock = clock;
    }

    /** The period, the time of the books and the two organizations every statement read takes. */
    record Asked(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                 @BindParam("as_of") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                 @BindParam("provider_organization_id") UUID provider, @BindParam("consumer_organization_id") UUID consumer) {}

    @Operation(summary = "Statements between organizations for a period",
            description = "One statement per provider and consumer organization with usage between them from `from` (default: 30 days before "
                    + "`to`) to `to` (default: `as_of`), by the minute the tokens were used, as recorded by `as_of` (default: now). Each line is "
                    + "one model service at one price (through a share, or at the service's own price) with its tokens and their exact amount.")
    @GetMapping("/finops/chargeback/statements")
    Map<String, Object> list(@AuthenticationPrincipal Caller caller, @ModelAttribute Asked asked) {
        Periods.Period period = period(caller, asked);
        List<Statement> found = find(caller, asked, period);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", period.asOf());
        out.put("from", period.from());
        out.put("to", period.to());
        out.put("items", found.stream().map(StatementViews::json).toList());
        out.put("total", found.size());
        return out;
    }

    @Operation(summary = "Statements between organizations as CSV", description = "The same statements as /finops/chargeback/statements, one row per line.")
    @GetMapping(value = "/finops/chargeback/statements.csv")
    ResponseEntity<String> csv(@AuthenticationPrincipal Caller caller, @ModelAttribute Asked asked) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statements.csv\"")
                .body(StatementViews.csv(find(caller, asked, period(caller, asked))));
    }

    /** The period asked about (default: the 30 days before {@code as_of}) and the time of the books (default: now). */
    private Periods.Period period(Caller caller, Asked asked) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
        return Periods.of(asked.from(), asked.to(), asked.asOf(), clock, Duration.ofDays(30));
    }

    private List<Statement> find(Caller caller, Asked asked, Periods.Period period) {
        return statements.of(new Parties(asked.provider(), asked.consumer(), caller.scope().map(o -> o.value()).orElse(null)), period.from(),
                period.to(), period.asOf());
    }
}
