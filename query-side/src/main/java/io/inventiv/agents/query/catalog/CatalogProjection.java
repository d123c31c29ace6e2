package io.inventiv.agents.query.catalog;

import io.inventiv.agents.api.catalog.InstanceTypeCreated;
import io.inventiv.agents.api.catalog.InstanceTypePriceChanged;
import io.inventiv.agents.api.catalog.InstanceTypeUpdated;
import io.inventiv.agents.api.catalog.InstanceTypeZonesChanged;
import io.inventiv.agents.api.catalog.ModelRegistered;
import io.inventiv.agents.api.catalog.ModelUpdated;
import io.inventiv.agents.api.catalog.ProviderCreated;
import io.inventiv.agents.api.catalog.ProviderUpdated;
import io.inventiv.agents.api.catalog.RegionCreated;
import io.inventiv.agents.api.catalog.RegionUpdated;
import io.inventiv.agents.api.catalog.ZoneCreated;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.catalog.ZoneUpdated;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/** The catalog as lists: providers, regions, zones, instance types with price history and zones, models. */
@org.springframework.stereotype.Component
@ProcessingGroup(CatalogProjection.PROCESSING_GROUP)
class CatalogProjection {

    static final String PROCESSING_GROUP = "catalog";

    private final JdbcTemplate jdbc;

    CatalogProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProviderCreated e) {
        jdbc.update("insert into catalog_providers (id, code, name, active, created_at, updated_at) values (?, ?, ?, true, ?, ?) "
                + "on conflict (id) do nothing", e.providerId().value(), e.code(), e.name(), ts(e.at()), ts(e.at()));
    }

    @EventHandler
    void on(ProviderUpdated e) {
        jdbc.update("update catalog_providers set name = ?, active = ?, updated_at = ? where id = ?",
                e.name(), e.active(), ts(e.at()), e.providerId().value());
    }

    @EventHandler
    void on(RegionCreated e) {
        jdbc.update("insert into catalog_regions (id, provider_id, code, name, active, created_at, updated_at) values (?, ?, ?, ?, true, ?, ?) "
                + "on conflict (id) do nothing", e.regionId().value(), e.providerId().value(), e.code(), e.name(), ts(e.at()), ts(e.at()));
    }

    @EventHandler
    void on(RegionUpdated e) {
        jdbc.update("update catalog_regions set name = ?, active = ?, updated_at = ? where id = ?",
                e.name(), e.active(), ts(e.at()), e.regionId().value());
    }

    @EventHandler
    void on(ZoneCreated e) {
        jdbc.update("insert into catalog_zones (id, region_id, provider_id, code, name, active, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, true, ?, ?) on conflict (id) do nothing",
                e.zoneId().value(), e.regionId().value(), e.providerId().value(), e.code(), e.name(), ts(e.at()), ts(e.at()));
    }

    @EventHandler
    void on(ZoneUpdated e) {
        jdbc.update("update catalog_zones set name = ?, active = ?, updated_at = ? where id = ?",
                e.name(), e.active(), ts(e.at()), e.zoneId().value());
    }

    @EventHandler
    void on(InstanceTypeCreated e, EventMessage<?> message) {
        var s = e.spec();
        jdbc.update("insert into catalog_instance_types (id, provider_id, code, name, gpu_model, gpu_count, vram_per_gpu_gb, vcpus, ram_gb, "
                        + "hourly_price_eur, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?) on conflict (id) do nothing",
                e.typeId().value(), e.providerId().value(), e.code(), s.name(), s.gpuModel(), s.gpuCount(), s.vramPerGpuGb(), s.vcpus(),
                s.ramGb(), e.hourlyPriceEur(), ts(e.at()), ts(e.at()));
        price(message.getIdentifier(), e.typeId().value(), e.hourlyPriceEur(), e.at(), e.actor().toString());
    }

    @EventHandler
    void on(InstanceTypeUpdated e) {
        var s = e.spec();
        jdbc.update("update catalog_instance_types set name = ?, gpu_model = ?, gpu_count = ?, vram_per_gpu_gb = ?, vcpus = ?, ram_gb = ?, "
                        + "active = ?, updated_at = ? where id = ?",
                s.name(), s.gpuModel(), s.gpuCount(), s.vramPerGpuGb(), s.vcpus(), s.ramGb(), e.active(), ts(e.at()), e.typeId().value());
    }

    @EventHandler
    void on(InstanceTypePriceChanged e, EventMessage<?> message) {
        jdbc.update("update catalog_instance_types set hourly_price_eur = ?, updated_at = ? where id = ?",
                e.hourlyPriceEur(), ts(e.at()), e.typeId().value());
        price(message.getIdentifier(), e.typeId().value(), e.hourlyPriceEur(), e.at(), e.actor().toString());
    }

    @EventHandler
    void on(InstanceTypeZonesChanged e) {
        jdbc.update("delete from catalog_instance_type_zones where instance_type_id = ?", e.typeId().value());
        for (ZoneId zone : e.zoneIds()) {
            jdbc.update("insert into catalog_instance_type_zones (instance_type_id, zone_id) values (?, ?) on conflict do nothing",
                    e.typeId().value(), zone.value());
        }
    }

    @EventHandler
    void on(ModelRegistered e) {
        var s = e.spec();
        jdbc.update("insert into catalog_models (id, name, required_vram_gb, data_volume_gb, context_length, active, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing",
                e.modelId().value(), s.name(), s.requiredVramGb(), s.dataVolumeGb(), s.contextLength(), e.active(), ts(e.at()), ts(e.at()));
    }

    @EventHandler
    void on(ModelUpdated e) {
        var s = e.spec();
        jdbc.update("update catalog_models set name = ?, required_vram_gb = ?, data_volume_gb = ?, context_length = ?, active = ?, "
                        + "updated_at = ? where id = ?",
                s.name(), s.requiredVramGb(), s.dataVolumeGb(), s.contextLength(), e.active(), ts(e.at()), e.modelId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate catalog_providers, catalog_regions, catalog_zones, catalog_instance_types, "
                + "catalog_instance_type_prices, catalog_instance_type_zones, catalog_models");
    }

    private void price(String eventId, java.util.UUID typeId, java.math.BigDecimal price, java.time.Instant at, String actor) {
        jdbc.update("insert into catalog_instance_type_prices (event_id, instance_type_id, hourly_price_eur, effective_from, changed_by) "
                + "values (?, ?, ?, ?, ?) on conflict (event_id) do nothing", eventId, typeId, price, ts(at), actor);
    }

    private static Timestamp ts(java.time.Instant at) {
        return Timestamp.from(at);
    }
}
