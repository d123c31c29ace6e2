package io.inventiv.agents.command.catalog;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.command.catalog.CatalogFacts.InstanceTypeFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ModelFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A catalog held in maps, for aggregate tests: what was put in is what the aggregates see. */
public final class InMemoryCatalogLookup implements CatalogLookup {

    private final Map<ProviderId, ProviderFacts> providers = new HashMap<>();
    private final Map<RegionId, RegionFacts> regions = new HashMap<>();
    private final Map<ZoneId, ZoneFacts> zones = new HashMap<>();
    private final Map<InstanceTypeId, InstanceTypeFacts> instanceTypes = new HashMap<>();
    private final Map<ModelId, ModelFacts> models = new HashMap<>();

    public InMemoryCatalogLookup with(ProviderFacts provider) {
        providers.put(provider.id(), provider);
        return this;
    }

    public InMemoryCatalogLookup with(RegionFacts region) {
        regions.put(region.id(), region);
        return this;
    }

    public InMemoryCatalogLookup with(ZoneFacts zone) {
        zones.put(zone.id(), zone);
        return this;
    }

    public InMemoryCatalogLookup with(InstanceTypeFacts type) {
        instanceTypes.put(type.id(), type);
        return this;
    }

    public InMemoryCatalogLookup with(ModelFacts model) {
        models.put(model.id(), model);
        return this;
    }

    @Override
    public Optional<ProviderFacts> provider(ProviderId id) {
        return Optional.ofNullable(providers.get(id));
    }

    @Override
    public Optional<RegionFacts> region(RegionId id) {
        return Optional.ofNullable(regions.get(id));
    }

    @Override
    public Optional<ZoneFacts> zone(ZoneId id) {
        return Optional.ofNullable(zones.get(id));
    }

    @Override
    public Optional<InstanceTypeFacts> instanceType(InstanceTypeId id) {
        return Optional.ofNullable(instanceTypes.get(id));
    }

    @Override
    public Optional<ModelFacts> model(ModelId id) {
        return Optional.ofNullable(models.get(id));
    }
}
