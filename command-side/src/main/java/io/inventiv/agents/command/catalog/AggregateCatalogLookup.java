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
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Loads the catalog's aggregates from the event store, inside the caller's unit of work if there is one.
 * An id with no events, or the id of something else (ids share one namespace), is not found.
 */
class AggregateCatalogLookup implements CatalogLookup {

    private final Repository<Provider> providers;
    private final Repository<Region> regions;
    private final Repository<Zone> zones;
    private final Repository<InstanceType> instanceTypes;
    private final Repository<Model> models;

    AggregateCatalogLookup(Repository<Provider> providers, Repository<Region> regions, Repository<Zone> zones,
                           Repository<InstanceType> instanceTypes, Repository<Model> models) {
        this.providers = providers;
        this.regions = regions;
        this.zones = zones;
        this.instanceTypes = instanceTypes;
        this.models = models;
    }

    @Override
    public Optional<ProviderFacts> provider(ProviderId id) {
        return load(providers, id.toString(), Provider::facts);
    }

    @Override
    public Optional<RegionFacts> region(RegionId id) {
        return load(regions, id.toString(), Region::facts);
    }

    @Override
    public Optional<ZoneFacts> zone(ZoneId id) {
        return load(zones, id.toString(), Zone::facts);
    }

    @Override
    public Optional<InstanceTypeFacts> instanceType(InstanceTypeId id) {
        return load(instanceTypes, id.toString(), InstanceType::facts);
    }

    @Override
    public Optional<ModelFacts> model(ModelId id) {
        return load(models, id.toString(), Model::facts);
    }

    private static <A, F> Optional<F> load(Repository<A> repository, String id, Function<A, F> facts) {
        if (CurrentUnitOfWork.isStarted()) {
            return read(repository, id, facts);
        }
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> read(repository, id, facts)).getPayload();
    }

    private static <A, F> Optional<F> read(Repository<A> repository, String id, Function<A, F> facts) {
        try {
            return Optional.of(repository.load(id).invoke(facts));
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            return Optional.empty();
        }
    }
}
