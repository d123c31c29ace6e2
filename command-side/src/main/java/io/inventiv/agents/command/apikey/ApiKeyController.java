package io.inventiv.agents.command.apikey;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.apikey.ChangeApiKeyLimits;
import io.inventiv.agents.api.apikey.CreateApiKey;
import io.inventiv.agents.api.apikey.RenameApiKey;
import io.inventiv.agents.api.apikey.RevokeApiKey;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.security.SecretTokens;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import io.inventiv.agents.api.usage.Budget;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import java.math.BigDecimal;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API keys of an organization: its admins create, rename, limit and revoke them; its members see
 * them (never their secrets: a secret is shown once, when made). A key of another organization does not
 * exist for the caller (404); platform admins see every one.
 */
@RestController
@Tag(name = "API keys", description = "Keys of the OpenAI-compatible API (/v1)")
class ApiKeyController {

    static final String SECRET_PREFIX = "sk-inv-";
    private static final int DISPLAYED = 12;

    private final CommandGateway commands;
    private final ApiKeyDirectory directory;

    ApiKeyController(CommandGateway commands, ApiKeyDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record NewKey(@NotBlank @Size(max = ApiKey.MAX_NAME) @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character") String name,
                  Instant expiresAt, @Size(max = ApiKey.MAX_ALLOWED_MODELS) Set<@NotBlank @Size(max = 200) String> allowedModels,
                  @Min(1) @Max(100_000_000) Integer requestsPerMinute, @Min(1) @Max(1_000_000_000) Integer tokensPerMinute,
                  @DecimalMin("0") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 6) BigDecimal budgetEur,
                  @jakarta.validation.constraints.Pattern(regexp = "day|month|total", message = "must be day, month or total") String budgetPeriod) {}

    record KeyChange(@Size(min = 1, max = ApiKey.MAX_NAME) @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character") String name,
                     Instant expiresAt, @Size(max = ApiKey.MAX_ALLOWED_MODELS) Set<@NotBlank @Size(max = 200) String> allowedModels,
                     @Min(1) @Max(100_000_000) Integer requestsPerMinute, @Min(1) @Max(1_000_000_000) Integer tokensPerMinute,
                     @DecimalMin("0") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 6) BigDecimal budgetEur,
                     @jakarta.validation.constraints.Pattern(regexp = "day|month|total", message = "must be day, month or total") String budgetPeriod) {}

    /** A budget from the request's two fields: an amount (none: no budget) and a period (total by default). */
    private static Budget budget(BigDecimal amount, String period) {
        return amount == null ? null : new Budget(amount.stripTrailingZeros(), Budget.Period.valueOf((period == null ? "total" : period).toUpperCase()));
    }

    @Operation(summary = "Create an API key", description = "In the caller's current organization; needs its admin role. "
            + "The answer holds the secret (`key`), shown this once and kept nowhere.")
    @PostMapping("/api_keys")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, @RequestBody @Valid NewKey request) {
        caller.requireRole(OrganizationRole.ADMIN, "create API keys");
        ApiKeyId id = ApiKeyId.random();
        String secret = SecretTokens.newToken(SECRET_PREFIX);
        commands.sendAndWait(new CreateApiKey(id, caller.requireOrganization(), request.name(), SecretTokens.sha256Hex(secret),
                secret.substring(0, DISPLAYED), request.expiresAt(),
                new ApiKeyLimits(request.allowedModels(), request.requestsPerMinute(), request.tokensPerMinute(),
                        budget(request.budgetEur(), request.budgetPeriod())), caller.actor()));
        Map<String, Object> body = new LinkedHashMap<>(visible(caller, id.value()));
        body.put("key", secret);
        return ResponseEntity.created(URI.create("/api_keys/" + id)).body(body);
    }

    @Operation(summary = "List API keys", description = "Those of the caller's organization (platform admins: every one, or one organization's).")
    @GetMapping("/api_keys")
    Map<String, Object> list(@AuthenticationPrincipal Caller caller, @RequestParam(name = "organization_id", required = false) UUID organizationId,
                             @RequestParam(defaultValue = "0") @Min(0) int page, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        caller.requireRole(OrganizationRole.MEMBER, "see API keys");
        UUID scope = caller.scope().map(o -> o.value()).orElse(organizationId);
        return Map.of("items", directory.list(scope, size, (long) page * size), "page", page, "size", size, "total", directory.count(scope));
    }

    @GetMapping("/api_keys/{id}")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireRole(OrganizationRole.MEMBER, "see API keys");
        return visible(caller, id);
    }

    @Operation(summary = "Rename or limit an API key", description = "Fields left out stay as they are. Needs the admin role.")
    @PatchMapping("/api_keys/{id}")
    Map<String, Object> change(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @RequestBody @Valid KeyChange request) {
        caller.requireRole(OrganizationRole.ADMIN, "change API keys");
        Map<String, Object> current = visible(caller, id);
        ApiKeyId key = new ApiKeyId(id);
        if (request.name() != null) {
            commands.sendAndWait(new RenameApiKey(key, request.name(), caller.actor(), caller.scope().orElse(null)));
        }
        if (request.allowedModels() != null || request.requestsPerMinute() != null || request.tokensPerMinute() != null
                || request.expiresAt() != null || request.budgetEur() != null || request.budgetPeriod() != null) {
            @SuppressWarnings("unchecked")
            Set<String> models = request.allowedModels() != null ? request.allowedModels()
                    : Set.copyOf((java.util.List<String>) current.get("allowed_models"));
            Integer rpm = request.requestsPerMinute() != null ? request.requestsPerMinute() : (Integer) current.get("requests_per_minute");
            Integer tpm = request.tokensPerMinute() != null ? request.tokensPerMinute() : (Integer) current.get("tokens_per_minute");
            Instant expires = request.expiresAt() != null ? request.expiresAt() : (Instant) current.get("expires_at");
            BigDecimal amount = request.budgetEur() != null ? request.budgetEur()
                    : current.get("budget_eur") == null ? null : new BigDecimal((String) current.get("budget_eur"));
            String period = request.budgetPeriod() != null ? request.budgetPeriod() : (String) current.get("budget_period");
            commands.sendAndWait(new ChangeApiKeyLimits(key, new ApiKeyLimits(models, rpm, tpm, budget(amount, period)), expires, caller.actor(),
                    caller.scope().orElse(null)));
        }
        return visible(caller, id);
    }

    @Operation(summary = "Revoke an API key", description = "It is refused from now on, for good. Needs the admin role.")
    @DeleteMapping("/api_keys/{id}")
    Map<String, Object> revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID id,
                               @RequestParam(required = false, defaultValue = "revoked by an operator") @Size(max = 500)
                               @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character") String reason) {
        caller.requireRole(OrganizationRole.ADMIN, "revoke API keys");
        visible(caller, id);
        commands.sendAndWait(new RevokeApiKey(new ApiKeyId(id), reason, caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    private Map<String, Object> visible(Caller caller, UUID id) {
        return directory.find(id, caller.scope().map(o -> o.value()).orElse(null))
                .orElseThrow(() -> Rejected.notFound(id));
    }
}
