package io.inventiv.agents.command.instance;

import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.command.catalog.CatalogFacts.InstanceTypeFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ModelFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import io.inventiv.agents.command.catalog.CatalogLookup;
import java.util.Map;

/** The catalog's rules for a deployment, checked before any instance exists. */
public record DeploymentCheck(ModelFacts model, InstanceTypeFacts type, ZoneFacts zone, ProviderFacts provider) {

    static DeploymentCheck of(ProvisionInstance cmd, CatalogLookup catalog) {
        return of(cmd.modelId(), cmd.typeId(), cmd.zoneId(), catalog);
    }

    /** Whether {@code modelId} may run on {@code typeId} in {@code zoneId}; refused with why otherwise. */
    public static DeploymentCheck of(ModelId modelId, InstanceTypeId typeId, ZoneId zoneId, CatalogLookup catalog) {
        ModelFacts model = catalog.model(modelId)
                .orElseThrow(() -> refused("unknown model", "no model " + modelId + " is in the catalog", "model_id", modelId));
        if (!model.active()) {
            throw refused("model inactive", "model " + model.id() + " is not active", "model_id", model.id());
        }
        InstanceTypeFacts type = catalog.instanceType(typeId)
                .orElseThrow(() -> refused("unknown instance type", "no instance type " + typeId + " is in the catalog", "instance_type_id", typeId));
        if (!type.active()) {
            throw refused("instance type inactive", "instance type " + type.code() + " is not active", "instance_type_id", type.id());
        }
        ZoneFacts zone = catalog.zone(zoneId)
                .orElseThrow(() -> refused("unknown zone", "no zone " + zoneId + " is in the catalog", "zone_id", zoneId));
        if (!zone.active() || !catalog.region(zone.regionId()).map(r -> r.active()).orElse(false)) {
            throw refused("zone inactive", "zone " + zone.code() + " (or its region) is not active", "zone_id", zone.id());
        }
        if (!type.zoneIds().contains(zone.id())) {
            throw refused("type not offered in zone", "instance type " + type.code() + " is not offered in zone " + zone.code(),
                    "zone_id", zone.id());
        }
        int vram = type.spec().totalVramGb();
        if (model.spec().requiredVramGb() > vram) {
            throw new DeploymentRefused("model does not fit", "model " + model.id() + " needs " + model.spec().requiredVramGb()
                    + " GB of GPU memory; instance type " + type.code() + " has " + vram + " GB (" + type.spec().gpuCount() + " x "
                    + type.spec().vramPerGpuGb() + " GB)",
                    Map.of("required_vram_gb", model.spec().requiredVramGb(), "available_vram_gb", vram));
        }
        ProviderFacts provider = catalog.provider(type.providerId())
                .orElseThrow(() -> refused("unknown provider", "the provider of instance type " + type.code() + " is not in the catalog",
                        "instance_type_id", type.id()));
        if (!provider.active()) {
            throw refused("provider inactive", "provider " + provider.code() + " is not active", "instance_type_id", type.id());
        }
        return new DeploymentCheck(model, type, zone, provider);
    }

    private static DeploymentRefused refused(String reason, String detail, String field, Object value) {
        return new DeploymentRefused(reason, detail, Map.of("field", field, "value", String.valueOf(value)));
    }
}
