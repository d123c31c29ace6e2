package io.inventiv.agents.finops.chargeback;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.finops.Money;
import io.inventiv.agents.finops.chargeback.Repricing.Correction;
import io.inventiv.agents.finops.chargeback.Repricing.IssuedRepriced;
import io.inventiv.agents.finops.chargeback.Repricing.Repriced;
import io.inventiv.agents.finops.chargeback.Statements.Line;
import io.inventiv.agents.finops.chargeback.Statements.Parties;
import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /finops/chargeback/repricing}: a corrected price table applied to a past period by reading the
 * period's usage again from the event log; answers the corrected statements and their difference with what
 * was charged and with the statements issued within the period. Nothing is changed.
 */
@RestController
class RepricingController {

    static final Duration LONGEST = Duration.ofDays(366);

    private final Repricing repricing;

    RepricingController(Repricing repricing) {
        this.repricing = repricing;
    }

    record Price(@NotNull @JsonProperty("model_service_id") UUID modelServiceId, @JsonProperty("share_id") UUID shareId,
                 @NotNull @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 6) @JsonProperty("prompt_price_per_1k_eur")
                 BigDecimal promptPricePer1kEur,
                 @NotNull @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 6) @JsonProperty("completion_price_per_1k_eur")
                 BigDecimal completionPricePer1kEur) {}

    record Request(@NotNull Instant from, @NotNull Instant to, @JsonProperty("provider_organization_id") UUID provider,
                   @JsonProperty("consumer_organization_id") UUID consumer, @NotNull @Size(max = 1000) List<@NotNull @Valid Price> prices) {}

    @Operation(summary = "Re-price a past period", description = "Reads the usage of `from`..`to` again from the event log and charges it at "
            + "`prices` (per model service at its own price, or per share with `share_id`; usage not named keeps the price it was charged). "
            + "Answers, per provider and consumer: each line at the price charged and at the corrected price, the totals and their difference, "
            + "and each statement issued within the period with what it should have said. Admins of the provider; nothing is changed.")
    @PostMapping("/finops/chargeback/repricing")
    Map<String, Object> reprice(@AuthenticationPrincipal Caller caller, @RequestBody @Valid Request request) {
        caller.requireRole(OrganizationRole.ADMIN, "re-price statements");
        Periods.start(request.from(), request.to(), null);
        if (Duration.between(request.from(), request.to()).compareTo(LONGEST) > 0) {
            throw Periods.invalid("from", "a re-pricing covers at most " + LONGEST.toDays() + " days");
        }
        Set<List<UUID>> targets = new HashSet<>();
        List<Correction> corrections = new ArrayList<>();
        for (Price p : request.prices()) {
            if (!targets.add(java.util.Arrays.asList(p.modelServiceId(), p.shareId()))) {
                throw Periods.invalid("prices", "model service " + p.modelServiceId() + (p.shareId() == null ? " at its own price" : " through share "
                        + p.shareId()) + " is priced twice");
            }
            corrections.add(new Correction(p.modelServiceId(), p.shareId(), p.promptPricePer1kEur(), p.completionPricePer1kEur()));
        }
        UUID provider = caller.scope().map(o -> o.value()).orElse(request.provider());
        Repricing.Result result = repricing.run(new Parties(provider, request.consumer(), null), request.from().truncatedTo(ChronoUnit.MICROS),
                request.to().truncatedTo(ChronoUnit.MICROS), corrections);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", result.from());
        out.put("to", result.to());
        out.put("events_read", result.eventsRead());
        out.put("usage_rows", result.usageRows());
        out.put("took_ms", result.took().toMillis());
        out.put("statements", result.statements().stream().map(RepricingController::view).toList());
        return out;
    }

    private static Map<String, Object> view(Repriced r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider_organization_id", r.charged().providerOrganizationId());
        out.put("consumer_organization_id", r.charged().consumerOrganizationId());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < r.charged().lines().size(); i++) {
            Line charged = r.charged().lines().get(i);
            Line corrected = r.corrected().lines().get(i);
            Map<String, Object> line = StatementViews.json(charged);
            line.put("charged_amount_eur", line.remove("amount_eur"));
            line.put("corrected_prompt_price_per_1k_eur", StatementViews.price(corrected.promptPricePer1k()));
            line.put("corrected_completion_price_per_1k_eur", StatementViews.price(corrected.completionPricePer1k()));
            line.put("corrected_amount_eur", Money.text(corrected.amountEur()));
            line.put("difference_eur", Money.text(corrected.amountEur().subtract(charged.amountEur())));
            lines.add(line);
        }
        out.put("lines", lines);
        out.put("charged_amount_eur", Money.text(r.charged().amountEur()));
        out.put("corrected_amount_eur", Money.text(r.corrected().amountEur()));
        out.put("difference_eur", Money.text(r.corrected().amountEur().subtract(r.charged().amountEur())));
        out.put("issued_statements", r.issued().stream().map(RepricingController::view).toList());
        return out;
    }

    private static Map<String, Object> view(IssuedRepriced r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statement_id", r.issued().id());
        out.put("from", r.issued().statement().from());
        out.put("to", r.issued().statement().to());
        out.put("issued_amount_eur", Money.text(r.issued().statement().amountEur()));
        out.put("corrected_amount_eur", Money.text(r.corrected().amountEur()));
        out.put("difference_eur", Money.text(r.corrected().amountEur().subtract(r.issued().statement().amountEur())));
        out.put("corrected", StatementViews.json(r.corrected()));
        return out;
    }
}
