package io.inventiv.agents.finops.cost;

import io.inventiv.agents.api.catalog.InstanceTypeCreated;
import io.inventiv.agents.api.catalog.InstanceTypePriceChanged;
import io.inventiv.agents.api.catalog.ProviderCreated;
import io.inventiv.agents.api.catalog.RegionCreated;
import io.inventiv.agents.api.catalog.ZoneCreated;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import io.inventiv.agents.finops.FinopsAutoConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What machines cost, as facts with their times: the catalog's places and types, each type's price
 * history, each instance, and the time the provider bills its server (created → deleted). Costs are
 * computed from these when asked ({@link MachineCosts}), so they are exact at any instant and a replay
 * writes the same rows. Every handler may see its event twice and writes the same thing.
 */
@Component
@ProcessingGroup(FinopsAutoConfiguration.GROUP)
public class MachineCostProjection {

    private final JdbcTemplate jdbc;

    MachineCostProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProviderCreated e) {
        jdbc.update("insert into finops.providers (provider_id, code) values (?, ?) on conflict do nothing", e.providerId().value(), e.code());
    }

    @EventHandler
    void on(RegionCreated e) {
        jdbc.update("insert into finops.regions (region_id, provider_id, code) values (?, ?, ?) on conflict do nothing", e.regionId().value(),
                e.providerId().value(), e.code());
    }

    @EventHandler
    void on(ZoneCreated e) {
        jdbc.update("insert into finops.zones (zone_id, region_id, provider_id, code) values (?, ?, ?, ?) on conflict do nothing",
                e.zoneId().value(), e.regionId().value(), e.providerId().value(), e.code());
    }

    @EventHandler
    void on(InstanceTypeCreated e) {
        jdbc.update("insert into finops.instance_types (type_id, provider_id, code) values (?, ?, ?) on conflict do nothing", e.typeId().value(),
                e.providerId().value(), e.code());
        price(e.typeId().value(), e.at(), e.hourlyPriceEur());
    }

    @EventHandler
    void on(InstanceTypePriceChanged e) {
        price(e.typeId().value(), e.at(), e.hourlyPriceEur());
    }

    private void price(UUID type, Instant from, BigDecimal hourly) {
        jdbc.update("insert into finops.type_prices (type_id, valid_from, hourly_eur) values (?, ?, ?) "
                + "on conflict (type_id, valid_from) do update set hourly_eur = excluded.hourly_eur", type, Timestamp.from(from), hourly);
    }

    @EventHandler
    void on(InstanceProvisioningRequested e) {
        jdbc.update("insert into finops.instances (instance_id, organization_id, model_id, type_id, zone_id, provider_id, requested_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", e.instanceId().value(),
                e.organizationId() == null ? null : e.organizationId().value(), e.modelId().value(), e.typeId().value(), e.zoneId().value(),
                e.providerId().value(), Timestamp.from(e.at()));
    }

    @EventHandler
    void on(ProviderServerCreated e) {
        jdbc.update("insert into finops.billed_servers (instance_id, server_id, billed_from) values (?, ?, ?) on conflict do nothing",
                e.instanceId().value(), e.serverId(), Timestamp.from(e.at()));
    }

    @EventHandler
    void on(ProviderServerDeleted e) {
        billedUntil(e.instanceId().value(), e.serverId(), e.at());
    }

    @EventHandler
    void on(InstanceServerVanished e) {
        billedUntil(e.instanceId().value(), e.serverId(), e.at());
    }

    private void billedUntil(UUID instance, String server, Instant at) {
        jdbc.update("update finops.billed_servers set billed_until = ? where instance_id = ? and server_id = ? and billed_until is null",
                Timestamp.from(at), instance, server);
    }

    /** An instance that ends holds no server any more, whatever was recorded of its server before. */
    @EventHandler
    void on(InstanceTerminated e) {
        jdbc.update("update finops.billed_servers set billed_until = ? where instance_id = ? and billed_until is null", Timestamp.from(e.at()),
                e.instanceId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate finops.providers, finops.regions, finops.zones, finops.instance_types, finops.type_prices, finops.instances, "
                + "finops.billed_servers");
    }
}
