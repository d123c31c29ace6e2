package io.inventiv.agents.command.apikey;

import io.inventiv.agents.api.apikey.ApiKeyCreated;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.apikey.ApiKeyLimitsChanged;
import io.inventiv.agents.api.apikey.ApiKeyRenamed;
import io.inventiv.agents.api.apikey.ApiKeyRevoked;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys as they are checked and listed, kept in the transaction of their events (a subscribing
 * processor), so a revocation refuses the key at once. Never holds a secret: only its hash and prefix.
 */
@Component
@ProcessingGroup(ApiKeyDirectory.PROCESSING_GROUP)
class ApiKeyDirectory {

    static final String PROCESSING_GROUP = "api-key-directory";
    private static final String COLUMNS = "id, organization_id, name, display_prefix, expires_at, revoked_at, revoked_reason, allowed_models, "
            + "requests_per_minute, tokens_per_minute, budget_eur, budget_period, created_by_name, created_at, updated_at";

    private final JdbcTemplate jdbc;

    ApiKeyDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys visible in a scope ({@code null}: every organization), newest first. */
    List<Map<String, Object>> list(UUID organization, int limit, long offset) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (organization != null) {
            where = " where organization_id = ?";
            args.add(organization);
        }
        args.add(limit);
        args.add(offset);
        return jdbc.query("select " + COLUMNS + " from api_keys.keys" + where + " order by created_at desc, id limit ? offset ?",
                (rs, n) -> view(rs), args.toArray());
    }

    long count(UUID organization) {
        return organization == null ? jdbc.queryForObject("select count(*) from api_keys.keys", Long.class)
                : jdbc.queryForObject("select count(*) from api_keys.keys where organization_id = ?", Long.class, organization);
    }

    Optional<Map<String, Object>> find(UUID id, UUID organization) {
        return jdbc.query("select " + COLUMNS + " from api_keys.keys where id = ? and (?::uuid is null or organization_id = ?)",
                (rs, n) -> view(rs), id, organization, organization).stream().findFirst();
    }

    private static Map<String, Object> view(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("id", rs.getObject("id", UUID.class));
        key.put("organization_id", rs.getObject("organization_id", UUID.class));
        key.put("name", rs.getString("name"));
        key.put("display_prefix", rs.getString("display_prefix"));
        Timestamp revoked = rs.getTimestamp("revoked_at");
        Timestamp expires = rs.getTimestamp("expires_at");
        key.put("status", revoked != null ? "revoked" : expires != null && !expires.toInstant().isAfter(Instant.now()) ? "expired" : "active");
        key.put("expires_at", expires == null ? null : expires.toInstant());
        key.put("revoked_at", revoked == null ? null : revoked.toInstant());
        key.put("revoked_reason", rs.getString("revoked_reason"));
        key.put("allowed_models", List.of((String[]) rs.getArray("allowed_models").getArray()));
        key.put("requests_per_minute", rs.getObject("requests_per_minute"));
        key.put("tokens_per_minute", rs.getObject("tokens_per_minute"));
        key.put("budget_eur", rs.getBigDecimal("budget_eur") == null ? null : rs.getBigDecimal("budget_eur").stripTrailingZeros().toPlainString());
        key.put("budget_period", rs.getString("budget_period"));
        key.put("created_by", rs.getString("created_by_name"));
        key.put("created_at", rs.getTimestamp("created_at").toInstant());
        key.put("updated_at", rs.getTimestamp("updated_at").toInstant());
        return key;
    }

    @EventHandler
    void on(ApiKeyCreated e) {
        ApiKeyLimits limits = e.limits() == null ? ApiKeyLimits.NONE : e.limits();
        jdbc.update("insert into api_keys.keys (id, organization_id, name, display_prefix, secret_hash, expires_at, allowed_models, "
                        + "requests_per_minute, tokens_per_minute, budget_eur, budget_period, created_by, created_by_name, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing",
                e.apiKeyId().value(), e.organizationId().value(), e.name(), e.displayPrefix(), e.secretHash(), ts(e.expiresAt()),
                limits.allowedModels().stream().sorted().toArray(String[]::new), limits.requestsPerMinute(), limits.tokensPerMinute(),
                budgetAmount(limits), budgetPeriod(limits), e.actor().toString(), e.actor().name(), ts(e.at()), ts(e.at()));
    }

    private static java.math.BigDecimal budgetAmount(ApiKeyLimits limits) {
        return limits.budget() == null ? null : limits.budget().amountEur();
    }

    private static String budgetPeriod(ApiKeyLimits limits) {
        return limits.budget() == null ? null : limits.budget().period().name().toLowerCase();
    }

    @EventHandler
    void on(ApiKeyRenamed e) {
        jdbc.update("update api_keys.keys set name = ?, updated_at = ? where id = ?", e.name(), ts(e.at()), e.apiKeyId().value());
    }

    @EventHandler
    void on(ApiKeyLimitsChanged e) {
        jdbc.update("update api_keys.keys set allowed_models = ?, requests_per_minute = ?, tokens_per_minute = ?, budget_eur = ?, "
                        + "budget_period = ?, expires_at = ?, updated_at = ? where id = ?",
                e.limits().allowedModels().stream().sorted().toArray(String[]::new), e.limits().requestsPerMinute(),
                e.limits().tokensPerMinute(), budgetAmount(e.limits()), budgetPeriod(e.limits()), ts(e.expiresAt()), ts(e.at()),
                e.apiKeyId().value());
    }

    @EventHandler
    void on(ApiKeyRevoked e) {
        jdbc.update("update api_keys.keys set revoked_at = ?, revoked_reason = ?, updated_at = ? where id = ? and revoked_at is null",
                ts(e.at()), e.reason(), ts(e.at()), e.apiKeyId().value());
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
