package io.inventiv.agents.command.share;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ChangeSharePrice;
import io.inventiv.agents.api.share.GrantShare;
import io.inventiv.agents.api.share.PauseShare;
import io.inventiv.agents.api.share.ResumeShare;
import io.inventiv.agents.api.share.RevokeShare;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
 * Shares of model services between organizations: the provider's admins grant, re-price, pause, resume and
 * revoke them; both organizations' members see them. A share is invisible (404) to every other organization.
 */
@RestController
@Tag(name = "Shares", description = "A model service offered by its organization to another at a price per 1 000 tokens")
class ShareController {

    private static final String NO_NUL = "[^\\x00]*";

    private final CommandGateway commands;
    private final ShareDirectory directory;

    ShareController(CommandGateway commands, ShareDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record NewShare(@NotNull @JsonProperty("model_service_id") UUID modelServiceId,
                    @NotNull @JsonProperty("consumer_organization_id") UUID consumerOrganizationId,
                    @JsonProperty("prompt_price_per_1k_eur") BigDecimal promptPricePer1kEur,
                    @JsonProperty("completion_price_per_1k_eur") BigDecimal completionPricePer1kEur) {}

    record PriceChange(@JsonProperty("prompt_price_per_1k_eur") BigDecimal promptPricePer1kEur,
                       @JsonProperty("completion_price_per_1k_eur") BigDecimal completionPricePer1kEur) {}

    record Reason(@Size(max = 500) @Pattern(regexp = NO_NUL, message = "must not contain the NUL character") String reason) {}

    @Operation(summary = "Share a model service with another organization", description = "In the caller's current organization, which "
            + "publishes the service (admin role). The consumer may then call it, private or not, and is charged the share's price per 1 000 "
            + "prompt and completion tokens (the service's own price when left out). One share per service and consumer at a time.")
    @PostMapping("/shares")
    ResponseEntity<Map<String, Object>> grant(@AuthenticationPrincipal Caller caller, @RequestBody @Valid NewShare request) {
        caller.requireRole(OrganizationRole.ADMIN, "share model services");
        ShareId id = ShareId.random();
        TokenPrice price = request.promptPricePer1kEur() == null && request.completionPricePer1kEur() == null ? null
                : new TokenPrice(request.promptPricePer1kEur(), request.completionPricePer1kEur());
        commands.sendAndWait(new GrantShare(id, new ModelServiceId(request.modelServiceId()), new OrganizationId(request.consumerOrganizationId()),
                price, caller.actor(), caller.scope().orElse(null)));
        return ResponseEntity.created(URI.create("/shares/" + id)).body(visible(caller, id.value()));
    }

    @Operation(summary = "The shares the caller's organization gives or receives", description = "role=provider: the ones it gives; "
            + "role=consumer: the ones it receives; both when left out. Revoked ones only with include_revoked=true.")
    @GetMapping("/shares")
    Map<String, Object> list(@AuthenticationPrincipal Caller caller, @RequestParam(name = "organization_id", required = false) UUID organizationId,
                             @RequestParam(required = false) @Pattern(regexp = "provider|consumer", message = "must be provider or consumer") String role,
                             @RequestParam(name = "model_service_id", required = false) UUID modelServiceId,
                             @RequestParam(name = "include_revoked", defaultValue = "false") boolean includeRevoked) {
        caller.requireRole(OrganizationRole.MEMBER, "see shares");
        // a role is a side of one organization's shares: a platform admin who names none takes the one they act in
        UUID organization = caller.scope().map(o -> o.value()).orElse(organizationId);
        if (organization == null && role != null && caller.organizationId() != null) {
            organization = caller.organizationId().value();
        }
        List<Map<String, Object>> items = directory.list(organization, role, modelServiceId, includeRevoked);
        return Map.of("items", items, "total", items.size());
    }

    @GetMapping("/shares/{id}")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireRole(OrganizationRole.MEMBER, "see shares");
        return visible(caller, id);
    }

    @Operation(summary = "Change a share's price", description = "In force from now; a price left out stays as it is. The provider's admins only.")
    @PatchMapping("/shares/{id}")
    Map<String, Object> changePrice(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @RequestBody @Valid PriceChange request) {
        Map<String, Object> current = providedBy(caller, id, "change shares");
        TokenPrice price = new TokenPrice(
                request.promptPricePer1kEur() != null ? request.promptPricePer1kEur() : new BigDecimal((String) current.get("prompt_price_per_1k_eur")),
                request.completionPricePer1kEur() != null ? request.completionPricePer1kEur()
                        : new BigDecimal((String) current.get("completion_price_per_1k_eur")));
        commands.sendAndWait(new ChangeSharePrice(new ShareId(id), price, caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    @Operation(summary = "Pause a share", description = "The consumer is treated as any other organization until it is resumed. The provider's admins only.")
    @PostMapping("/shares/{id}/pause")
    Map<String, Object> pause(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @RequestBody(required = false) @Valid Reason request) {
        providedBy(caller, id, "pause shares");
        commands.sendAndWait(new PauseShare(new ShareId(id), request == null ? null : request.reason(), caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    @PostMapping("/shares/{id}/resume")
    Map<String, Object> resume(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        providedBy(caller, id, "resume shares");
        commands.sendAndWait(new ResumeShare(new ShareId(id), caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    @Operation(summary = "Revoke a share", description = "For good; the usage charged under it stays. The provider's admins only.")
    @DeleteMapping("/shares/{id}")
    Map<String, Object> revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID id,
                               @RequestParam(required = false, defaultValue = "revoked by the provider") @Size(max = 500)
                               @Pattern(regexp = NO_NUL, message = "must not contain the NUL character") String reason) {
        providedBy(caller, id, "revoke shares");
        commands.sendAndWait(new RevokeShare(new ShareId(id), reason, caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    /** The share, if the caller is an admin of the organization that gives it (or a platform admin). */
    private Map<String, Object> providedBy(Caller caller, UUID id, String action) {
        caller.requireRole(OrganizationRole.ADMIN, action);
        Map<String, Object> share = visible(caller, id);
        if (caller.scope().isPresent() && !caller.scope().get().value().equals(share.get("provider_organization_id"))) {
            throw Caller.forbidden("only the organization that gives a share may " + action);
        }
        return share;
    }

    private Map<String, Object> visible(Caller caller, UUID id) {
        return directory.find(id, caller.scope().map(o -> o.value()).orElse(null)).orElseThrow(() -> Rejected.notFound(id));
    }
}
