package io.inventiv.agents.command.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;

/**
 * Loads the default catalog from a file at start-up. Ids derive from codes, so entries already
 * there are left as they are (an operator's later changes survive) and only missing ones are added:
 * running it again adds nothing.
 */
class DefaultCatalogLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DefaultCatalogLoader.class);
    private static final Actor LOADER = Actor.system("default-catalog");

    record File(List<ProviderEntry> providers, List<ModelEntry> models) {}

    record ProviderEntry(String code, String name, List<RegionEntry> regions, List<TypeEntry> instanceTypes) {}

    record RegionEntry(String code, String name, List<ZoneEntry> zones) {}

    record ZoneEntry(String code, String name) {}

    record TypeEntry(String code, String name, String gpuModel, int gpuCount, int vramPerGpuGb, int vcpus, int ramGb,
                     BigDecimal hourlyPriceEur, List<String> zones) {}

    record ModelEntry(String id, String name, int requiredVramGb, int dataVolumeGb, int contextLength) {}

    private final Resource file;
    private final ObjectMapper json;
    private final CommandGateway commands;
    private final CatalogLookup catalog;
    private final EventStore eventStore;

    DefaultCatalogLoader(Resource file, ObjectMapper json, CommandGateway commands, CatalogLookup catalog, EventStore eventStore) {
        this.file = file;
        this.json = json;
        this.commands = commands;
        this.catalog = catalog;
        this.eventStore = eventStore;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        File content;
        try (InputStream in = file.getInputStream()) {
            content = json.readValue(in, File.class);
        }
        int added = 0;
        for (ProviderEntry provider : content.providers()) {
            added += load(provider);
        }
        for (ModelEntry model : content.models()) {
            ModelId id = ModelId.of(model.id());
            if (catalog.model(id).isEmpty()) {
                create(new RegisterModel(id, new ModelSpec(model.name(), model.requiredVramGb(), model.dataVolumeGb(),
                        model.contextLength()), true, LOADER));
                added++;
            }
        }
        log.info("Default catalog {}: {} entries added", file.getDescription(), added);
    }

    /** Another node loading the same file at the same time may create an entry first: that is the same result. */
    private void create(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateStreamCreationException createdByAnotherNode) {
            log.debug("{} was created concurrently", command);
        }
    }

    private int load(ProviderEntry entry) {
        int added = 0;
        ProviderId providerId = ProviderId.derivedFrom(entry.code());
        if (catalog.provider(providerId).isEmpty()) {
            create(new CreateProvider(providerId, entry.code(), entry.name(), LOADER));
            added++;
        }
        Map<String, ZoneId> zones = new HashMap<>();
        for (RegionEntry region : entry.regions()) {
            RegionId regionId = RegionId.derivedFrom(providerId + "/" + region.code());
            if (catalog.region(regionId).isEmpty()) {
                create(new CreateRegion(regionId, providerId, region.code(), region.name(), LOADER));
                added++;
            }
            for (ZoneEntry zone : region.zones()) {
                ZoneId zoneId = ZoneId.derivedFrom(regionId + "/" + zone.code());
                if (catalog.zone(zoneId).isEmpty()) {
                    create(new CreateZone(zoneId, regionId, zone.code(), zone.name(), LOADER));
                    added++;
                }
                zones.put(zone.code(), zoneId);
            }
        }
        for (TypeEntry type : entry.instanceTypes()) {
            InstanceTypeId typeId = InstanceTypeId.derivedFrom(providerId + "/" + type.code());
            var existing = catalog.instanceType(typeId);
            if (existing.isEmpty()) {
                create(new CreateInstanceType(typeId, providerId, type.code(), new InstanceTypeSpec(type.name(),
                        type.gpuModel(), type.gpuCount(), type.vramPerGpuGb(), type.vcpus(), type.ramGb()), type.hourlyPriceEur(), LOADER));
            }
            // also when an earlier start stopped between the two commands (the type has no event but its creation)
            if (existing.isEmpty() || eventStore.lastSequenceNumberFor(typeId.toString()).orElse(-1L) == 0L) {
                Set<ZoneId> offeredIn = new LinkedHashSet<>();
                for (String zone : type.zones()) {
                    ZoneId zoneId = zones.get(zone);
                    if (zoneId == null) {
                        throw new IllegalStateException("instance type " + type.code() + " names unknown zone " + zone + " in " + file);
                    }
                    offeredIn.add(zoneId);
                }
                create(new SetInstanceTypeZones(typeId, offeredIn, LOADER));
                added++;
            }
        }
        return added;
    }
}
