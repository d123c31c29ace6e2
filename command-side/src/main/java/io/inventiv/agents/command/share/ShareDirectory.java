package io.inventiv.agents.command.share;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareGranted;
import io.inventiv.agents.api.share.SharePaused;
import io.inventiv.agents.api.share.SharePriceChanged;
import io.inventiv.agents.api.share.ShareResumed;
import io.inventiv.agents.api.share.ShareRevoked;
import io.inventiv.agents.support.web.Rejected;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The shares, kept in the transaction of their events (with the model services' directory): a service is
 * shared with an organization by one share at a time, and a grant sees every service and organization
 * committed before it.
 */
@Component
@ProcessingGroup("model-service-directory")
class ShareDirectory implements ShareParties {

    private final JdbcTemplate jdbc;

    ShareDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<SharedService> service(ModelServiceId id) {
        return jdbc.query("select id, name, organization_id, prompt_price_per_1k, completion_price_per_1k, retired_at from model_services.services "
                + "where id = ?", (rs, n) -> new SharedService(id, rs.getString("name"), new OrganizationId(rs.getObject("organization_id", UUID.class)),
                new TokenPrice(rs.getBigDecimal("prompt_price_per_1k"), rs.getBigDecimal("completion_price_per_1k")),
                rs.getTimestamp("retired_at") != null), id.value()).stream().findFirst();
    }

    @Override
    public boolean organizationExists(OrganizationId id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from identity.organizations where id = ?)", Boolean.class, id.value()));
    }

    /**
     * The shares an organization gives or receives ({@code null}: every one), newest first.
     *
     * @param role {@code provider}, {@code consumer} or {@code null} for both
     */
    List<Map<String, Object>> list(UUID organization, String role, UUID modelService, boolean withRevoked) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        if (modelService != null) {
            where.append(" and model_service_id = ?");
            args.add(modelService);
        }
        if (organization != null) {
            if ("provider".equals(role) || "consumer".equals(role)) {
                where.append(" and ").append(role).append("_organization_id = ?");
                args.add(organization);
            } else {
                where.append(" and (provider_organization_id = ? or consumer_organization_id = ?)");
                args.add(organization);
                args.add(organization);
            }
        }
        if (!withRevoked) {
            where.append(" and revoked_at is null");
        }
        return jdbc.query("select * from model_services.shares" + where + " order by created_at desc, id", (rs, n) -> view(rs), args.toArray());
    }

    /** A share seen by one of its two organizations ({@code null}: by anyone). */
    Optional<Map<String, Object>> find(UUID id, UUID organization) {
        return jdbc.query("select * from model_services.shares where id = ? and (?::uuid is null or ? in (provider_organization_id, consumer_organization_id))",
                (rs, n) -> view(rs), id, organization, organization).stream().findFirst();
    }

    private static Map<String, Object> view(ResultSet rs) throws SQLException {
        Map<String, Object> share = new LinkedHashMap<>();
        share.put("id", rs.getObject("id", UUID.class));
        share.put("model_service_id", rs.getObject("model_service_id", UUID.class));
        share.put("model_service_name", rs.getString("model_service_name"));
        share.put("provider_organization_id", rs.getObject("provider_organization_id", UUID.class));
        share.put("consumer_organization_id", rs.getObject("consumer_organization_id", UUID.class));
        share.put("prompt_price_per_1k_eur", rs.getBigDecimal("prompt_price_per_1k").stripTrailingZeros().toPlainString());
        share.put("completion_price_per_1k_eur", rs.getBigDecimal("completion_price_per_1k").stripTrailingZeros().toPlainString());
        Timestamp paused = rs.getTimestamp("paused_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        share.put("status", revoked != null ? "revoked" : paused != null ? "paused" : "active");
        share.put("paused_at", paused == null ? null : paused.toInstant());
        share.put("pause_reason", rs.getString("pause_reason"));
        share.put("revoked_at", revoked == null ? null : revoked.toInstant());
        share.put("revoke_reason", rs.getString("revoke_reason"));
        share.put("created_at", rs.getTimestamp("created_at").toInstant());
        share.put("updated_at", rs.getTimestamp("updated_at").toInstant());
        return share;
    }

    @EventHandler
    void on(ShareGranted e) {
        try {
            jdbc.update("insert into model_services.shares (id, model_service_id, model_service_name, provider_organization_id, consumer_organization_id, "
                            + "prompt_price_per_1k, completion_price_per_1k, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict (id) do nothing", e.shareId().value(), e.modelServiceId().value(), e.modelServiceName(),
                    e.providerOrganizationId().value(), e.consumerOrganizationId().value(), e.price().promptPer1k(), e.price().completionPer1k(),
                    ts(e.at()), ts(e.at()));
        } catch (DuplicateKeyException taken) {
            throw new Rejected("already-exists", "Already shared", 409, "model service " + e.modelServiceName()
                    + " is already shared with organization " + e.consumerOrganizationId() + ": change, pause or revoke that share",
                    Map.of("model_service_id", e.modelServiceId().toString(), "consumer_organization_id", e.consumerOrganizationId().toString()));
        }
    }

    @EventHandler
    void on(SharePriceChanged e) {
        jdbc.update("update model_services.shares set prompt_price_per_1k = ?, completion_price_per_1k = ?, updated_at = ? where id = ?",
                e.price().promptPer1k(), e.price().completionPer1k(), ts(e.at()), e.shareId().value());
    }

    @EventHandler
    void on(SharePaused e) {
        jdbc.update("update model_services.shares set paused_at = ?, pause_reason = ?, updated_at = ? where id = ?", ts(e.at()), e.reason(), ts(e.at()),
                e.shareId().value());
    }

    @EventHandler
    void on(ShareResumed e) {
        jdbc.update("update model_services.shares set paused_at = null, pause_reason = null, updated_at = ? where id = ?", ts(e.at()),
                e.shareId().value());
    }

    @EventHandler
    void on(ShareRevoked e) {
        jdbc.update("update model_services.shares set revoked_at = ?, revoke_reason = ?, updated_at = ? where id = ?", ts(e.at()), e.reason(), ts(e.at()),
                e.shareId().value());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
