package io.inventiv.agents.saga.catalog;

import io.inventiv.agents.api.catalog.CatalogInstanceType;
import io.inventiv.agents.api.catalog.CreateInstanceType;
import io.inventiv.agents.api.catalog.CreateProvider;
import io.inventiv.agents.api.catalog.CreateRegion;
import io.inventiv.agents.api.catalog.CreateZone;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.InstanceTypesOfProvider;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.SetInstanceTypeZones;
import io.inventiv.agents.api.catalog.UpdateInstanceType;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.InstanceOffering;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog in line with what each provider sells: its regions and zones, its GPU types with
 * their specs, hourly prices and the zones that sell them. Everything goes through the catalog's own
 * commands, so only a real difference becomes an event (a new price is an {@code InstanceTypePriceChanged}
 * at the time it was seen), and ids derive from codes, so a sync run twice, or by two nodes, adds nothing.
 */
public class CatalogSync {

    /** What a sync of one provider saw and did. */
    public record Outcome(String provider, List<String> zones, int instanceTypes, List<String> refused) {}

    private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);
    private static final Actor SYNC = Actor.system("catalog-sync");

    private final CloudProviders providers;
    private final CommandGateway commands;
    private final QueryGateway queries;

    public CatalogSync(CloudProviders providers, CommandGateway commands, QueryGateway queries) {
        this.providers = providers;
        this.commands = commands;
        this.queries = queries;
    }

    public List<Outcome> syncAll() {
        List<Outcome> outcomes = new ArrayList<>();
        for (CloudProvider provider : providers.all()) {
            if (!provider.catalogZones().isEmpty()) {
                outcomes.add(sync(provider));
            }
        }
        return outcomes;
    }

    public Outcome sync(CloudProvider provider) {
        List<String> refused = new ArrayList<>();
        ProviderId providerId = ProviderId.derivedFrom(provider.code());
        create(new CreateProvider(providerId, provider.code(), provider.displayName(), SYNC), refused);
        Map<String, TypeSeen> types = new LinkedHashMap<>();
        List<String> zonesRead = new ArrayList<>();
        for (String zone : provider.catalogZones()) {
            List<InstanceOffering> offer;
            try {
                offer = provider.offerings(zone);
            } catch (RuntimeException e) {
                refused.add(zone + ": " + e.getMessage());
                continue;
            }
            String region = provider.regionOf(zone);
            RegionId regionId = RegionId.derivedFrom(providerId + "/" + region);
            ZoneId zoneId = ZoneId.derivedFrom(regionId + "/" + zone);
            create(new CreateRegion(regionId, providerId, region, provider.regionName(region), SYNC), refused);
            create(new CreateZone(zoneId, regionId, zone, zone, SYNC), refused);
            zonesRead.add(zone);
            for (InstanceOffering offering : offer) {
                TypeSeen seen = types.computeIfAbsent(offering.code(), code -> new TypeSeen(offering));
                if (!"shortage".equals(offering.availability())) {
                    seen.zones.add(zoneId);
                }
                // one price per type: the highest seen, so costs are never under-stated
                if (offering.hourlyPriceEur().compareTo(seen.price) > 0) {
                    seen.price = offering.hourlyPriceEur();
                }
            }
        }
        for (TypeSeen seen : types.values()) {
            InstanceOffering o = seen.offering;
            InstanceTypeId typeId = InstanceTypeId.derivedFrom(providerId + "/" + o.code());
            InstanceTypeSpec spec = new InstanceTypeSpec(o.gpuCount() + "x " + o.gpuModel() + " " + o.vramPerGpuGb() + " GB", o.gpuModel(),
                    o.gpuCount(), o.vramPerGpuGb(), o.vcpus(), o.ramGb());
            if (create(new CreateInstanceType(typeId, providerId, o.code(), spec, seen.price, SYNC), refused)) {
                send(new UpdateInstanceType(typeId, spec, seen.price, true, SYNC), refused);
            }
            send(new SetInstanceTypeZones(typeId, seen.zones, SYNC), refused);
        }
        if (zonesRead.size() == provider.catalogZones().size()) {
            retireWhatIsNoLongerSold(provider, types.keySet(), refused);
        }
        Outcome outcome = new Outcome(provider.code(), zonesRead, types.size(), refused);
        log.info("Catalog of {} synced: {} zones, {} GPU types{}", provider.code(), zonesRead.size(), types.size(),
                refused.isEmpty() ? "" : "; refused: " + refused);
        return outcome;
    }

    /**
     * A type the provider no longer sells anywhere is sold in no zone and inactive: it cannot be deployed,
     * and its history stays. Only after every zone was read, so a zone that could not be read retires nothing.
     */
    private void retireWhatIsNoLongerSold(CloudProvider provider, Set<String> sold, List<String> refused) {
        List<CatalogInstanceType> known;
        try {
            known = queries.query(new InstanceTypesOfProvider(provider.code()), ResponseTypes.multipleInstancesOf(CatalogInstanceType.class)).join();
        } catch (RuntimeException e) {
            refused.add("reading the catalog: " + e.getMessage());
            return;
        }
        for (CatalogInstanceType type : known) {
            if (type.active() && !sold.contains(type.code())) {
                send(new SetInstanceTypeZones(type.typeId(), Set.of(), SYNC), refused);
                send(new UpdateInstanceType(type.typeId(), type.spec(), type.hourlyPriceEur(), false, SYNC), refused);
                log.info("{} no longer sells {}: retired from the catalog", provider.code(), type.code());
            }
        }
    }

    /** Whether the entry existed already (so an update may be due); a creation refused for another reason is noted. */
    private boolean create(Object command, List<String> refused) {
        try {
            commands.sendAndWait(command);
            return false;
        } catch (AggregateStreamCreationException exists) {
            return true;
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof AggregateStreamCreationException) {
                return true;
            }
            refused.add(describe(command) + ": " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            refused.add(describe(command) + ": " + e.getMessage());
            return false;
        }
    }

    private void send(Object command, List<String> refused) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            refused.add(describe(command) + ": " + e.getMessage());
        }
    }

    private static String describe(Object command) {
        return command.getClass().getSimpleName();
    }

    private static final class TypeSeen {
        final InstanceOffering offering;
        final Set<ZoneId> zones = new LinkedHashSet<>();
        BigDecimal price;

        TypeSeen(InstanceOffering offering) {
            this.offering = offering;
            this.price = offering.hourlyPriceEur();
        }
    }
}
