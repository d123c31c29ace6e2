package io.inventiv.agents.query.catalog;

import io.inventiv.agents.api.catalog.CatalogInstanceType;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.InstanceTypesOfProvider;
import java.util.List;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the catalog sync compares a provider's offer with. */
@Component
class CatalogQueries {

    private final JdbcTemplate jdbc;

    CatalogQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<CatalogInstanceType> handle(InstanceTypesOfProvider query) {
        return jdbc.query("select t.* from catalog_instance_types t join catalog_providers p on p.id = t.provider_id where p.code = ? order by t.code",
                (rs, n) -> new CatalogInstanceType(new InstanceTypeId(rs.getObject("id", UUID.class)), rs.getString("code"),
                        new InstanceTypeSpec(rs.getString("name"), rs.getString("gpu_model"), rs.getInt("gpu_count"), rs.getInt("vram_per_gpu_gb"),
                                rs.getInt("vcpus"), rs.getInt("ram_gb")),
                        rs.getBigDecimal("hourly_price_eur"), rs.getBoolean("active")), query.providerCode());
    }
}
