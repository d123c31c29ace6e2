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

/**
 * Reads catalog entries for a decision that depends on them (an instance's request, a zone's region).
 * Backed by the catalog's aggregates, so a decision sees every change committed before it.
 */
public interface CatalogLookup {

    Optional<ProviderFacts> provider(ProviderId id);

    Optional<RegionFacts> region(RegionId id);

    Optional<ZoneFacts> zone(ZoneId id);

    Optional<InstanceTypeFacts> instanceType(InstanceTypeId id);

    Optional<ModelFacts> model(ModelId id);
}
