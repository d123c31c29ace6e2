package io.inventiv.agents.query.catalog;

import io.inventiv.agents.query.NotFound;
import io.inventiv.agents.support.read.Rows;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads of the catalog. */
@RestController
class CatalogQueryController {

    private static final String TYPE_COLUMNS = "t.*, t.gpu_count * t.vram_per_gpu_gb as total_vram_gb, "
            + "coalesce((select array_agg(z.zone_id::text order by z.zone_id) from catalog_instance_type_zones z where z.instance_type_id = t.id), '{}') as zone_ids";

    private final Rows jdbc;

    CatalogQueryController(JdbcTemplate jdbc) {
        this.jdbc = new Rows(jdbc);
    }

    @GetMapping("/providers")
    List<Map<String, Object>> providers() {
        return jdbc.list("select * from catalog_providers order by code");
    }

    @GetMapping("/providers/{id}")
    Map<String, Object> provider(@PathVariable UUID id) {
        return one("provider", id, "select * from catalog_providers where id = ?", id);
    }

    @GetMapping("/regions")
    List<Map<String, Object>> regions(@RequestParam(name = "provider_id", required = false) UUID providerId) {
        return jdbc.list("select * from catalog_regions where (?::uuid is null or provider_id = ?) order by code", providerId, providerId);
    }

    @GetMapping("/regions/{id}")
    Map<String, Object> region(@PathVariable UUID id) {
        return one("region", id, "select * from catalog_regions where id = ?", id);
    }

    @GetMapping("/zones")
    List<Map<String, Object>> zones(@RequestParam(name = "region_id", required = false) UUID regionId) {
        return jdbc.list("select * from catalog_zones where (?::uuid is null or region_id = ?) order by code", regionId, regionId);
    }

    @GetMapping("/zones/{id}")
    Map<String, Object> zone(@PathVariable UUID id) {
        return one("zone", id, "select * from catalog_zones where id = ?", id);
    }

    @GetMapping("/zones/{id}/instance_types")
    List<Map<String, Object>> zoneInstanceTypes(@PathVariable UUID id) {
        zone(id);
        return jdbc.list("select " + TYPE_COLUMNS + " from catalog_instance_types t "
                + "join catalog_instance_type_zones tz on tz.instance_type_id = t.id where tz.zone_id = ? order by t.hourly_price_eur, t.code", id);
    }

    @GetMapping("/instance_types")
    List<Map<String, Object>> instanceTypes(@RequestParam(name = "provider_id", required = false) UUID providerId) {
        return jdbc.list("select " + TYPE_COLUMNS + " from catalog_instance_types t where (?::uuid is null or provider_id = ?) "
                + "order by t.hourly_price_eur, t.code", providerId, providerId);
    }

    @GetMapping("/instance_types/{id}")
    Map<String, Object> instanceType(@PathVariable UUID id) {
        return one("instance type", id, "select " + TYPE_COLUMNS + " from catalog_instance_types t where t.id = ?", id);
    }

    @GetMapping("/instance_types/{id}/zones")
    List<Map<String, Object>> instanceTypeZones(@PathVariable UUID id) {
        instanceType(id);
        return jdbc.list("select z.* from catalog_zones z join catalog_instance_type_zones tz on tz.zone_id = z.id "
                + "where tz.instance_type_id = ? order by z.code", id);
    }

    @GetMapping("/instance_types/{id}/prices")
    List<Map<String, Object>> prices(@PathVariable UUID id) {
        instanceType(id);
        return jdbc.list("select hourly_price_eur, effective_from, "
                + "lead(effective_from) over (order by effective_from) as effective_until, changed_by "
                + "from catalog_instance_type_prices where instance_type_id = ? order by effective_from", id);
    }

    @GetMapping("/models")
    List<Map<String, Object>> models(@RequestParam(required = false) Boolean active) {
        return jdbc.list("select * from catalog_models where (?::boolean is null or active = ?) order by id", active, active);
    }

    /** Model ids contain a '/', so the rest of the path is the id. */
    @GetMapping("/models/{*id}")
    Map<String, Object> model(@PathVariable("id") String path) {
        String id = path.startsWith("/") ? path.substring(1) : path;
        return one("model", id, "select * from catalog_models where id = ?", id);
    }

    private Map<String, Object> one(String kind, Object id, String sql, Object... args) {
        return jdbc.list(sql, args).stream().findFirst().orElseThrow(() -> new NotFound(kind, id));
    }
}
