package io.inventiv.agents.command.catalog;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneId;
import java.util.Set;

/** What other decisions need to know of catalog entries, as the entries' aggregates hold it now. */
public final class CatalogFacts {

    private CatalogFacts() {}

    public record ProviderFacts(ProviderId id, String code, boolean active) {}

    public record RegionFacts(RegionId id, ProviderId providerId, String code, boolean active) {}

    public record ZoneFacts(ZoneId id, RegionId regionId, ProviderId providerId, String code, boolean active) {}

    public record InstanceTypeFacts(InstanceTypeId id, ProviderId providerId, String code, InstanceTypeSpec spec,
                                    boolean active, Set<ZoneId> zoneIds) {}

    public record ModelFacts(ModelId id, ModelSpec spec, boolean active) {}
}
