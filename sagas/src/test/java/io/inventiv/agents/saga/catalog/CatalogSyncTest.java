package io.inventiv.agents.saga.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.inventiv.agents.api.catalog.CatalogInstanceType;
import io.inventiv.agents.api.catalog.CreateInstanceType;
import io.inventiv.agents.api.catalog.CreateProvider;
import io.inventiv.agents.api.catalog.CreateRegion;
import io.inventiv.agents.api.catalog.CreateZone;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypesOfProvider;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.SetInstanceTypeZones;
import io.inventiv.agents.api.catalog.UpdateInstanceType;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.InstanceOffering;
import io.inventiv.agents.saga.FakeCloudProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogSyncTest {

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final RegionId FR_PAR = RegionId.derivedFrom(SCALEWAY + "/fr-par");
    private static final ZoneId FR_PAR_1 = ZoneId.derivedFrom(FR_PAR + "/fr-par-1");
    private static final ZoneId FR_PAR_2 = ZoneId.derivedFrom(FR_PAR + "/fr-par-2");
    private static final InstanceTypeId L4 = InstanceTypeId.derivedFrom(SCALEWAY + "/L4-1-24G");

    /** A provider selling per zone what each test says. */
    static final class SellingProvider extends FakeCloudProvider {
        final Map<String, List<InstanceOffering>> offer;

        SellingProvider(Map<String, List<InstanceOffering>> offer) {
            this.offer = offer;
        }

        @Override
        public String code() {
            return "scaleway";
        }

        @Override
        public List<String> catalogZones() {
            return List.copyOf(new java.util.TreeSet<>(offer.keySet()));
        }

        @Override
        public List<InstanceOffering> offerings(String zone) {
            if (zone.equals("fr-par-3")) {
                throw new IllegalStateException("the API is down in fr-par-3");
            }
            return offer.get(zone);
        }
    }

    private final List<Object> sent = new ArrayList<>();
    private final java.util.Set<Object> existing = new java.util.HashSet<>();
    private CommandGateway commands;
    private org.axonframework.queryhandling.QueryGateway queries;
    private final List<CatalogInstanceType> known = new ArrayList<>();

    @BeforeEach
    void setUp() {
        commands = mock(CommandGateway.class);
        queries = mock(org.axonframework.queryhandling.QueryGateway.class);
        org.mockito.Mockito.when(queries.query(any(InstanceTypesOfProvider.class), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenAnswer(call -> java.util.concurrent.CompletableFuture.completedFuture(List.copyOf(known)));
        doAnswer(call -> {
            Object command = call.getArgument(0);
            sent.add(command);
            Object id = switch (command) {
                case CreateProvider c -> c.providerId();
                case CreateRegion c -> c.regionId();
                case CreateZone c -> c.zoneId();
                case CreateInstanceType c -> c.typeId();
                default -> null;
            };
            if (id != null && !existing.add(id)) {
                throw new AggregateStreamCreationException("exists");
            }
            return null;
        }).when(commands).sendAndWait(any());
    }

    private static InstanceOffering l4(String price, String availability) {
        return new InstanceOffering("L4-1-24G", "L4", 1, 24, 8, 48, new BigDecimal(price), availability);
    }

    @Test
    void a_first_sync_makes_the_provider_its_regions_zones_and_types_with_the_zones_that_sell_them() {
        var provider = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.75", "available")), "fr-par-2", List.of(l4("0.7875", "scarce"))));

        CatalogSync.Outcome outcome = new CatalogSync(new CloudProviders(List.of(provider)), commands, queries).sync(provider);

        assertThat(outcome.instanceTypes()).isEqualTo(1);
        assertThat(outcome.zones()).containsExactly("fr-par-1", "fr-par-2");
        assertThat(sent).filteredOn(CreateProvider.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((CreateProvider) c).name()).isEqualTo("scaleway"));
        assertThat(sent).filteredOn(CreateZone.class::isInstance).extracting(c -> ((CreateZone) c).zoneId()).containsExactly(FR_PAR_1, FR_PAR_2);
        assertThat(sent).filteredOn(CreateInstanceType.class::isInstance).singleElement().satisfies(c -> {
            CreateInstanceType create = (CreateInstanceType) c;
            assertThat(create.typeId()).isEqualTo(L4);
            assertThat(create.hourlyPriceEur()).as("the highest price seen, never under-stating costs").isEqualByComparingTo("0.7875");
            assertThat(create.spec().name()).isEqualTo("1x L4 24 GB");
        });
        assertThat(sent).filteredOn(UpdateInstanceType.class::isInstance).isEmpty();
        assertThat(sent).filteredOn(SetInstanceTypeZones.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((SetInstanceTypeZones) c).zoneIds()).containsExactly(FR_PAR_1, FR_PAR_2));
    }

    @Test
    void a_later_sync_updates_what_exists_so_a_new_price_becomes_an_event_and_a_zone_in_shortage_stops_selling() {
        var before = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.75", "available")), "fr-par-2", List.of(l4("0.75", "available"))));
        new CatalogSync(new CloudProviders(List.of(before)), commands, queries).sync(before);
        sent.clear();
        var after = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.81", "available")), "fr-par-2", List.of(l4("0.81", "shortage"))));

        new CatalogSync(new CloudProviders(List.of(after)), commands, queries).sync(after);

        assertThat(sent).filteredOn(UpdateInstanceType.class::isInstance).singleElement().satisfies(c -> {
            assertThat(((UpdateInstanceType) c).hourlyPriceEur()).isEqualByComparingTo("0.81");
            assertThat(((UpdateInstanceType) c).active()).isTrue();
        });
        assertThat(sent).filteredOn(SetInstanceTypeZones.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((SetInstanceTypeZones) c).zoneIds()).isEqualTo(Set.of(FR_PAR_1)));
    }

    @Test
    void a_zone_whose_offer_cannot_be_read_is_reported_and_the_others_are_synced() {
        var provider = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.75", "available")), "fr-par-3", List.of()));

        CatalogSync.Outcome outcome = new CatalogSync(new CloudProviders(List.of(provider)), commands, queries).sync(provider);

        assertThat(outcome.zones()).containsExactly("fr-par-1");
        assertThat(outcome.refused()).singleElement().asString().contains("fr-par-3").contains("down");
        assertThat(outcome.instanceTypes()).isEqualTo(1);
    }

    @Test
    void a_type_no_longer_sold_anywhere_is_retired_but_not_while_a_zone_could_not_be_read() {
        InstanceTypeId h100 = InstanceTypeId.derivedFrom(SCALEWAY + "/H100-1-80G");
        known.add(new CatalogInstanceType(h100, "H100-1-80G", new io.inventiv.agents.api.catalog.InstanceTypeSpec("1x H100 80 GB", "H100", 1, 80,
                24, 240), new BigDecimal("2.8665"), true));
        var unreadable = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.75", "available")), "fr-par-3", List.of()));
        new CatalogSync(new CloudProviders(List.of(unreadable)), commands, queries).sync(unreadable);
        assertThat(sent).filteredOn(UpdateInstanceType.class::isInstance).isEmpty();

        var provider = new SellingProvider(Map.of("fr-par-1", List.of(l4("0.75", "available"))));
        new CatalogSync(new CloudProviders(List.of(provider)), commands, queries).sync(provider);

        assertThat(sent).filteredOn(c -> c instanceof UpdateInstanceType u && u.typeId().equals(h100)).singleElement()
                .satisfies(c -> assertThat(((UpdateInstanceType) c).active()).isFalse());
        assertThat(sent).filteredOn(c -> c instanceof SetInstanceTypeZones z && z.typeId().equals(h100)).singleElement()
                .satisfies(c -> assertThat(((SetInstanceTypeZones) c).zoneIds()).isEmpty());
    }

    @Test
    void providers_whose_catalog_is_kept_by_hand_are_left_alone() {
        new CatalogSync(new CloudProviders(List.of(new FakeCloudProvider())), commands, queries).syncAll();
        assertThat(sent).isEmpty();
    }
}
