package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ModelServicePriceChanged;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ModelServiceVisibilityChanged;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleUpBlocked;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.support.web.Rejected;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The model services by name, kept in the transaction of their events: a name is held by one live
 * service at a time across the platform, so two organizations cannot publish the same one.
 */
@Component
@ProcessingGroup(ModelServiceDirectory.PROCESSING_GROUP)
class ModelServiceDirectory {

    static final String PROCESSING_GROUP = "model-service-directory";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final JdbcTemplate jdbc;

    ModelServiceDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Map<String, Object>> list(UUID organization, boolean withRetired) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        if (organization != null) {
            where.append(" and organization_id = ?");
            args.add(organization);
        }
        if (!withRetired) {
            where.append(" and retired_at is null");
        }
        return jdbc.query("select * from model_services.services" + where + " order by name, created_at", (rs, n) -> view(rs), args.toArray());
    }

    Optional<Map<String, Object>> find(UUID id, UUID organization) {
        return jdbc.query("select * from model_services.services where id = ? and (?::uuid is null or organization_id = ?)",
                (rs, n) -> view(rs), id, organization, organization).stream().findFirst();
    }

    private static Map<String, Object> view(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", rs.getObject("id", UUID.class));
        service.put("organization_id", rs.getObject("organization_id", UUID.class));
        service.put("name", rs.getString("name"));
        service.put("model_id", rs.getString("model_id"));
        service.put("visibility", rs.getString("visibility"));
        service.put("prompt_price_per_1k_eur", rs.getBigDecimal("prompt_price_per_1k").stripTrailingZeros().toPlainString());
        service.put("completion_price_per_1k_eur", rs.getBigDecimal("completion_price_per_1k").stripTrailingZeros().toPlainString());
        Timestamp retired = rs.getTimestamp("retired_at");
        service.put("scaling", read(rs.getString("scaling")));
        service.put("desired_instances", rs.getObject("desired_instances"));
        service.put("last_scaling", read(rs.getString("last_scaling")));
        service.put("status", retired == null ? "active" : "retired");
        service.put("retired_at", retired == null ? null : retired.toInstant());
        service.put("created_at", rs.getTimestamp("created_at").toInstant());
        service.put("updated_at", rs.getTimestamp("updated_at").toInstant());
        return service;
    }

    @EventHandler
    void on(ModelServiceCreated e) {
        try {
            jdbc.update("insert into model_services.services (id, organization_id, name, model_id, visibility, prompt_price_per_1k, "
                            + "completion_price_per_1k, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing",
                    e.modelServiceId().value(), e.organizationId().value(), e.name(), e.modelId().value(), e.visibility().name(),
                    e.price().promptPer1k(), e.price().completionPer1k(), ts(e.at()), ts(e.at()));
        } catch (DuplicateKeyException taken) {
            throw new Rejected("already-exists", "Already taken", 409, "the model service name '" + e.name() + "' is already taken",
                    Map.of("field", "name"));
        }
    }

    @EventHandler
    void on(ModelServiceVisibilityChanged e) {
        jdbc.update("update model_services.services set visibility = ?, updated_at = ? where id = ?", e.visibility().name(), ts(e.at()),
                e.modelServiceId().value());
    }

    @EventHandler
    void on(ModelServicePriceChanged e) {
        jdbc.update("update model_services.services set prompt_price_per_1k = ?, completion_price_per_1k = ?, updated_at = ? where id = ?",
                e.price().promptPer1k(), e.price().completionPer1k(), ts(e.at()), e.modelServiceId().value());
    }

    @EventHandler
    void on(ScalingPolicySet e) {
        jdbc.update("update model_services.services set scaling = ?::jsonb, updated_at = ? where id = ?", e.policy() == null ? null : json(e.policy()),
                ts(e.at()), e.modelServiceId().value());
    }

    @EventHandler
    void on(ScaleUpDecided e) {
        scaled(e.modelServiceId(), e.to(), "scale_up", e.reason(), e.at());
    }

    @EventHandler
    void on(ScaleDownDecided e) {
        scaled(e.modelServiceId(), e.to(), "scale_down", e.reason(), e.at());
    }

    @EventHandler
    void on(ScaleUpBlocked e) {
        scaled(e.modelServiceId(), null, "scale_up_blocked", e.reason(), e.at());
    }

    /** The last decision, and the instances it went to ({@code null}: unchanged). */
    private void scaled(ModelServiceId id, Integer to, String decision, String reason, Instant at) {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("decision", decision);
        last.put("reason", reason);
        last.put("at", at.toString());
        jdbc.update("update model_services.services set desired_instances = coalesce(?, desired_instances), last_scaling = ?::jsonb, "
                + "updated_at = ? where id = ?", to, write(last), ts(at), id.value());
    }

    /** A policy as the API shows it: snake_case names, durations in seconds. */
    private static String json(ScalingPolicy p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("placements", p.placements().stream().map(pl -> Map.of("instance_type_id", pl.instanceTypeId().toString(),
                "zone_id", pl.zoneId().toString())).toList());
        out.put("min_instances", p.minInstances());
        out.put("max_instances", p.maxInstances());
        out.put("queued_per_instance", p.queuedPerInstance());
        out.put("ttft_p95_ms", p.ttftP95Millis());
        out.put("kv_cache_percent", p.kvCachePercent());
        out.put("scale_up_cooldown_seconds", p.scaleUpCooldown().toSeconds());
        out.put("scale_down_cooldown_seconds", p.scaleDownCooldown().toSeconds());
        out.put("scale_to_zero_after_seconds", p.scaleToZeroAfter() == null ? null : p.scaleToZeroAfter().toSeconds());
        return write(out);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<?, ?> read(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @EventHandler
    void on(ModelServiceRetired e) {
        jdbc.update("update model_services.services set retired_at = ?, updated_at = ? where id = ?", ts(e.at()), ts(e.at()), e.modelServiceId().value());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
