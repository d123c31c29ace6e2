package io.inventiv.agents.command.modelservice;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.modelservice.ChangeModelService;
import io.inventiv.agents.api.modelservice.CreateModelService;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.RetireModelService;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.SetScalingPolicy;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model services an organization publishes: its admins create, change and retire them, its members
 * see them. Another organization's service does not exist for the caller (404); platform admins see all.
 */
@RestController
@Tag(name = "Model services", description = "Logical model names published on the OpenAI-compatible API")
class ModelServiceController {

    private final CommandGateway commands;
    private final ModelServiceDirectory directory;

    ModelServiceController(CommandGateway commands, ModelServiceDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record NewService(@NotBlank @Size(max = 101) String name, @NotNull ModelId modelId, Visibility visibility,
                      @JsonProperty("prompt_price_per_1k_eur") BigDecimal promptPricePer1kEur,
                      @JsonProperty("completion_price_per_1k_eur") BigDecimal completionPricePer1kEur) {}

    record Change(Visibility visibility, @JsonProperty("prompt_price_per_1k_eur") BigDecimal promptPricePer1kEur,
                  @JsonProperty("completion_price_per_1k_eur") BigDecimal completionPricePer1kEur) {}

    @Operation(summary = "Publish a model service", description = "In the caller's current organization (admin role): a name, the catalog "
            + "model that serves it, its visibility (private by default) and its price per 1 000 prompt and completion tokens (0 by default).")
    @PostMapping("/model_services")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, @RequestBody @Valid NewService request) {
        caller.requireRole(OrganizationRole.ADMIN, "publish model services");
        ModelServiceId id = ModelServiceId.random();
        commands.sendAndWait(new CreateModelService(id, caller.requireOrganization(), request.name(), request.modelId(), request.visibility(),
                new TokenPrice(request.promptPricePer1kEur(), request.completionPricePer1kEur()), caller.actor()));
        return ResponseEntity.created(URI.create("/model_services/" + id)).body(visible(caller, id.value()));
    }

    @GetMapping("/model_services")
    Map<String, Object> list(@AuthenticationPrincipal Caller caller, @RequestParam(name = "organization_id", required = false) UUID organizationId,
                             @RequestParam(name = "include_retired", defaultValue = "false") boolean includeRetired) {
        caller.requireRole(OrganizationRole.MEMBER, "see model services");
        List<Map<String, Object>> items = directory.list(caller.scope().map(o -> o.value()).orElse(organizationId), includeRetired);
        return Map.of("items", items, "total", items.size());
    }

    @GetMapping("/model_services/{id}")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireRole(OrganizationRole.MEMBER, "see model services");
        return visible(caller, id);
    }

    @Operation(summary = "Change a model service's visibility or price", description = "Fields left out stay as they are; a new price is "
            + "in force from now. Needs the admin role.")
    @PatchMapping("/model_services/{id}")
    Map<String, Object> change(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @RequestBody @Valid Change request) {
        caller.requireRole(OrganizationRole.ADMIN, "change model services");
        Map<String, Object> current = visible(caller, id);
        TokenPrice price = null;
        if (request.promptPricePer1kEur() != null || request.completionPricePer1kEur() != null) {
            price = new TokenPrice(request.promptPricePer1kEur() != null ? request.promptPricePer1kEur()
                    : new BigDecimal((String) current.get("prompt_price_per_1k_eur")),
                    request.completionPricePer1kEur() != null ? request.completionPricePer1kEur()
                            : new BigDecimal((String) current.get("completion_price_per_1k_eur")));
        }
        commands.sendAndWait(new ChangeModelService(new ModelServiceId(id), request.visibility(), price, caller.actor(),
                caller.scope().orElse(null)));
        return visible(caller, id);
    }

    record Placement(@NotNull @JsonProperty("instance_type_id") InstanceTypeId instanceTypeId, @NotNull @JsonProperty("zone_id") ZoneId zoneId) {}

    record Scaling(@NotNull @Size(min = 1, max = 5) List<@NotNull @Valid Placement> placements,
                   @NotNull @Min(0) @JsonProperty("min_instances") Integer minInstances, @NotNull @Min(1) @JsonProperty("max_instances") Integer maxInstances,
                   @JsonProperty("queued_per_instance") Integer queuedPerInstance, @JsonProperty("ttft_p95_ms") Integer ttftP95Ms,
                   @JsonProperty("kv_cache_percent") Integer kvCachePercent,
                   @Min(0) @JsonProperty("scale_up_cooldown_seconds") Long scaleUpCooldownSeconds,
                   @Min(0) @JsonProperty("scale_down_cooldown_seconds") Long scaleDownCooldownSeconds,
                   @Min(0) @JsonProperty("scale_to_zero_after_seconds") Long scaleToZeroAfterSeconds) {

        ScalingPolicy policy() {
            return new ScalingPolicy(placements.stream().map(p -> new ScalingPolicy.Placement(p.instanceTypeId(), p.zoneId())).toList(), minInstances,
                    maxInstances, queuedPerInstance, ttftP95Ms, kvCachePercent, seconds(scaleUpCooldownSeconds), seconds(scaleDownCooldownSeconds),
                    seconds(scaleToZeroAfterSeconds));
        }

        private static Duration seconds(Long value) {
            return value == null ? null : Duration.ofSeconds(value);
        }
    }

    @Operation(summary = "Set a model service's scaling policy", description = "Where its instances run (instance type and zone, in order of "
            + "preference, each checked against the model), between min_instances and max_instances, the targets that add one (requests "
            + "queued per instance, TTFT p95, KV cache usage), the cooldowns, and with min_instances 0 the idle time before zero. Cooldowns "
            + "default to 60 s up and 300 s down, scale to zero to 900 s. Needs the admin role.")
    @PutMapping("/model_services/{id}/scaling")
    Map<String, Object> scale(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @RequestBody @Valid Scaling request) {
        caller.requireRole(OrganizationRole.ADMIN, "change model services");
        visible(caller, id);
        commands.sendAndWait(new SetScalingPolicy(new ModelServiceId(id), request.policy(), caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    @Operation(summary = "Remove a model service's scaling policy", description = "Its instances are then only those deployed by hand.")
    @DeleteMapping("/model_services/{id}/scaling")
    Map<String, Object> unscale(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireRole(OrganizationRole.ADMIN, "change model services");
        visible(caller, id);
        commands.sendAndWait(new SetScalingPolicy(new ModelServiceId(id), null, caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    @Operation(summary = "Retire a model service", description = "Its name is no longer served and may be published again; the instances its "
            + "scaling policy started are drained and terminated. Needs the admin role.")
    @DeleteMapping("/model_services/{id}")
    Map<String, Object> retire(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireRole(OrganizationRole.ADMIN, "retire model services");
        visible(caller, id);
        commands.sendAndWait(new RetireModelService(new ModelServiceId(id), caller.actor(), caller.scope().orElse(null)));
        return visible(caller, id);
    }

    private Map<String, Object> visible(Caller caller, UUID id) {
        return directory.find(id, caller.scope().map(o -> o.value()).orElse(null))
                .orElseThrow(() -> Rejected.notFound(id));
    }
}
