package io.inventiv.agents.query.instance;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.reconciliation.InstanceHolding;
import io.inventiv.agents.api.reconciliation.InstancesAtProvider;
import io.inventiv.agents.api.reconciliation.ProviderZones;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the reconciler compares a provider's inventory with. */
@Component
class ReconciliationQueries {

    private final JdbcTemplate jdbc;

    ReconciliationQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<InstanceHolding> handle(InstancesAtProvider query) {
        UUID[] named = query.alsoThese() == null ? new UUID[0] : query.alsoThese().stream().map(InstanceId::value).toArray(UUID[]::new);
        return jdbc.query("select id, status, zone_code, server_id, volume_ids from instances where provider_code = ? "
                        + "and (status not in ('TERMINATED', 'PROVISIONING_FAILED') or id = any(?))",
                (rs, n) -> new InstanceHolding(new InstanceId(rs.getObject("id", UUID.class)), InstanceState.valueOf(rs.getString("status")),
                        rs.getString("zone_code"), rs.getString("server_id"), Arrays.asList((String[]) rs.getArray("volume_ids").getArray())),
                query.providerCode(), named);
    }

    @QueryHandler
    List<String> handle(ProviderZones query) {
        return jdbc.queryForList("select z.code from catalog_zones z join catalog_providers p on p.id = z.provider_id where p.code = ? order by z.code",
                String.class, query.providerCode());
    }
}
