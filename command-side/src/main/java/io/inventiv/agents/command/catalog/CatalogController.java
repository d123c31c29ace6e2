package io.inventiv.agents.command.catalog;

import io.inventiv.agents.api.catalog.CreateInstanceType;
import io.inventiv.agents.api.catalog.CreateProvider;
import io.inventiv.agents.api.catalog.CreateRegion;
import io.inventiv.agents.api.catalog.CreateZone;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.RegisterModel;
import io.inventiv.agents.api.catalog.SetInstanceTypeZones;
import io.inventiv.agents.api.catalog.UpdateInstanceType;
import io.inventiv.agents.api.catalog.UpdateModel;
import io.inventiv.agents.api.catalog.UpdateProvider;
import io.inventiv.agents.api.catalog.UpdateRegion;
import io.inventiv.agents.api.catalog.UpdateZone;
import io.inventiv.agents.api.catalog.ZoneId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.inventiv.agents.support.security.Caller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changes to the catalog: providers, regions, zones, instance types with their prices and zones, models.
 * Ids of providers, regions, zones and types derive from their codes, so a code cannot be used twice.
 */
@RestController
class CatalogController {

    private static final String CODE = "[a-z0-9][a-z0-9._-]*";
    private static final String CODE_MESSAGE = "must be lower-case letters, digits, '.', '_' or '-'";

    private final CommandGateway commands;
    private final CatalogLookup catalog;

    CatalogController(CommandGateway commands, CatalogLookup catalog) {
        this.commands = commands;
        this.catalog = catalog;
    }

    record ProviderRequest(@NotBlank @Size(max = 64) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
                           @NotBlank @Size(max = 200) String name) {}

    record RegionRequest(@NotNull UUID providerId, @NotBlank @Size(max = 64) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
                         @NotBlank @Size(max = 200) String name) {}

    record ZoneRequest(@NotNull UUID regionId, @NotBlank @Size(max = 64) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
                       @NotBlank @Size(max = 200) String name) {}

    record NameAndActive(@NotBlank @Size(max = 200) String name, @NotNull Boolean active) {}

    record InstanceTypeRequest(@NotNull UUID providerId,
                               @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") String code,
                               @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 64) String gpuModel,
                               @NotNull @Min(1) @Max(64) Integer gpuCount, @NotNull @Min(1) @Max(4096) Integer vramPerGpuGb,
                               @NotNull @Min(1) @Max(4096) Integer vcpus, @NotNull @Min(1) @Max(65536) Integer ramGb,
                               @NotNull @DecimalMin("0") @Digits(integer = 6, fraction = 6) BigDecimal hourlyPriceEur) {
        InstanceTypeSpec spec() {
            return new InstanceTypeSpec(name, gpuModel, gpuCount, vramPerGpuGb, vcpus, ramGb);
        }
    }

    record InstanceTypeUpdate(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 64) String gpuModel,
                              @NotNull @Min(1) @Max(64) Integer gpuCount, @NotNull @Min(1) @Max(4096) Integer vramPerGpuGb,
                              @NotNull @Min(1) @Max(4096) Integer vcpus, @NotNull @Min(1) @Max(65536) Integer ramGb,
                              @NotNull @DecimalMin("0") @Digits(integer = 6, fraction = 6) BigDecimal hourlyPriceEur,
                              @NotNull Boolean active) {
        InstanceTypeSpec spec() {
            return new InstanceTypeSpec(name, gpuModel, gpuCount, vramPerGpuGb, vcpus, ramGb);
        }
    }

    record ZonesRequest(@NotNull @Size(max = 1000) List<@NotNull UUID> zoneIds) {}

    record ModelRequest(@NotBlank @Size(max = 200) String id, @NotBlank @Size(max = 200) String name,
                        @NotNull @Min(1) @Max(100_000) Integer requiredVramGb, @NotNull @Min(1) @Max(10_000) Integer dataVolumeGb,
                        @NotNull @Min(1) @Max(100_000_000) Integer contextLength, Boolean active) {}

    record ModelUpdate(@NotBlank @Size(max = 200) String name, @NotNull @Min(1) @Max(100_000) Integer requiredVramGb,
                       @NotNull @Min(1) @Max(10_000) Integer dataVolumeGb, @NotNull @Min(1) @Max(100_000_000) Integer contextLength,
                       @NotNull Boolean active) {}

    @PostMapping("/providers")
    ResponseEntity<Map<String, Object>> createProvider(@AuthenticationPrincipal Caller caller, @RequestBody @Valid ProviderRequest request) {
        ProviderId id = ProviderId.derivedFrom(request.code());
        if (catalog.provider(id).isPresent()) {
            throw CatalogRejections.alreadyExists("provider", id, request.code());
        }
        commands.sendAndWait(new CreateProvider(id, request.code(), request.name(), caller.actor()));
        return created("/providers/" + id, Map.of("id", id, "code", request.code(), "name", request.name(), "active", true));
    }

    @PutMapping("/providers/{id}")
    Map<String, Object> updateProvider(@AuthenticationPrincipal Caller caller, @PathVariable ProviderId id, @RequestBody @Valid NameAndActive request) {
        commands.sendAndWait(new UpdateProvider(id, request.name(), request.active(), caller.actor()));
        return Map.of("id", id, "name", request.name(), "active", request.active());
    }

    @PostMapping("/regions")
    ResponseEntity<Map<String, Object>> createRegion(@AuthenticationPrincipal Caller caller, @RequestBody @Valid RegionRequest request) {
        ProviderId providerId = new ProviderId(request.providerId());
        RegionId id = RegionId.derivedFrom(providerId + "/" + request.code());
        if (catalog.region(id).isPresent()) {
            throw CatalogRejections.alreadyExists("region", id, request.code());
        }
        commands.sendAndWait(new CreateRegion(id, providerId, request.code(), request.name(), caller.actor()));
        return created("/regions/" + id, Map.of("id", id, "provider_id", providerId, "code", request.code(), "name", request.name(), "active", true));
    }

    @PutMapping("/regions/{id}")
    Map<String, Object> updateRegion(@AuthenticationPrincipal Caller caller, @PathVariable RegionId id, @RequestBody @Valid NameAndActive request) {
        commands.sendAndWait(new UpdateRegion(id, request.name(), request.active(), caller.actor()));
        return Map.of("id", id, "name", request.name(), "active", request.active());
    }

    @PostMapping("/zones")
    ResponseEntity<Map<String, Object>> createZone(@AuthenticationPrincipal Caller caller, @RequestBody @Valid ZoneRequest request) {
        RegionId regionId = new RegionId(request.regionId());
        ZoneId id = ZoneId.derivedFrom(regionId + "/" + request.code());
        if (catalog.zone(id).isPresent()) {
            throw CatalogRejections.alreadyExists("zone", id, request.code());
        }
        commands.sendAndWait(new CreateZone(id, regionId, request.code(), request.name(), caller.actor()));
        return created("/zones/" + id, Map.of("id", id, "region_id", regionId, "code", request.code(), "name", request.name(), "active", true));
    }

    @PutMapping("/zones/{id}")
    Map<String, Object> updateZone(@AuthenticationPrincipal Caller caller, @PathVariable ZoneId id, @RequestBody @Valid NameAndActive request) {
        commands.sendAndWait(new UpdateZone(id, request.name(), request.active(), caller.actor()));
        return Map.of("id", id, "name", request.name(), "active", request.active());
    }

    @PostMapping("/instance_types")
    ResponseEntity<Map<String, Object>> createInstanceType(@AuthenticationPrincipal Caller caller, @RequestBody @Valid InstanceTypeRequest request) {
        ProviderId providerId = new ProviderId(request.providerId());
        InstanceTypeId id = InstanceTypeId.derivedFrom(providerId + "/" + request.code());
        if (catalog.instanceType(id).isPresent()) {
            throw CatalogRejections.alreadyExists("instance type", id, request.code());
        }
        commands.sendAndWait(new CreateInstanceType(id, providerId, request.code(), request.spec(), request.hourlyPriceEur(), caller.actor()));
        return created("/instance_types/" + id, Map.of("id", id, "provider_id", providerId, "code", request.code(),
                "hourly_price_eur", request.hourlyPriceEur(), "active", true));
    }

    @PutMapping("/instance_types/{id}")
    Map<String, Object> updateInstanceType(@AuthenticationPrincipal Caller caller, @PathVariable InstanceTypeId id, @RequestBody @Valid InstanceTypeUpdate request) {
        commands.sendAndWait(new UpdateInstanceType(id, request.spec(), request.hourlyPriceEur(), request.active(), caller.actor()));
        return Map.of("id", id, "hourly_price_eur", request.hourlyPriceEur(), "active", request.active());
    }

    @PutMapping("/instance_types/{id}/zones")
    Map<String, Object> setZones(@AuthenticationPrincipal Caller caller, @PathVariable InstanceTypeId id, @RequestBody @Valid ZonesRequest request) {
        LinkedHashSet<ZoneId> zones = new LinkedHashSet<>(request.zoneIds().stream().map(ZoneId::new).toList());
        commands.sendAndWait(new SetInstanceTypeZones(id, zones, caller.actor()));
        return Map.of("instance_type_id", id, "zone_ids", zones);
    }

    @PostMapping("/models")
    ResponseEntity<Map<String, Object>> registerModel(@AuthenticationPrincipal Caller caller, @RequestBody @Valid ModelRequest request) {
        ModelId id = ModelId.of(request.id());
        if (catalog.model(id).isPresent()) {
            throw CatalogRejections.alreadyExists("model", id, request.id());
        }
        boolean active = request.active() == null || request.active();
        commands.sendAndWait(new RegisterModel(id, new ModelSpec(request.name(), request.requiredVramGb(), request.dataVolumeGb(),
                request.contextLength()), active, caller.actor()));
        return created("/models/" + id, Map.of("id", id, "name", request.name(), "active", active));
    }

    /** Model ids contain a '/', so the rest of the path is the id. */
    @PutMapping("/models/{*id}")
    Map<String, Object> updateModel(@AuthenticationPrincipal Caller caller, @PathVariable("id") String path, @RequestBody @Valid ModelUpdate request) {
        ModelId id = ModelId.of(path.startsWith("/") ? path.substring(1) : path);
        commands.sendAndWait(new UpdateModel(id, new ModelSpec(request.name(), request.requiredVramGb(), request.dataVolumeGb(),
                request.contextLength()), request.active(), caller.actor()));
        return Map.of("id", id, "name", request.name(), "active", request.active());
    }

    private static ResponseEntity<Map<String, Object>> created(String location, Map<String, Object> body) {
        return ResponseEntity.created(URI.create(location)).body(body);
    }
}
