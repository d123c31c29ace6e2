package io.inventiv.agents.query.usage;

import io.inventiv.agents.api.usage.UsageRecorded;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Sums the {@code UsageRecorded} rows into {@code usage.by_minute}, one row per minute, caller, service, instance and price. */
@Component
@ProcessingGroup("usage")
class UsageProjection {

    private final JdbcTemplate jdbc;

    UsageProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UsageRecorded e) {
        String key = String.join("|", e.minute().toString(), e.organizationId().toString(), String.valueOf(e.apiKeyId()),
                String.valueOf(e.userId()), e.modelServiceId().toString(), String.valueOf(e.instanceId()),
                e.price().promptPer1k().stripTrailingZeros().toPlainString(), e.price().completionPer1k().stripTrailingZeros().toPlainString());
        jdbc.update("insert into usage.by_minute (row_key, minute, organization_id, api_key_id, user_id, model_service_id, model_service_name, "
                        + "service_organization_id, model_id, instance_id, prompt_price_per_1k, completion_price_per_1k, requests, failed_requests, "
                        + "prompt_tokens, completion_tokens, cost_eur) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (row_key) do update set requests = by_minute.requests + excluded.requests, "
                        + "failed_requests = by_minute.failed_requests + excluded.failed_requests, "
                        + "prompt_tokens = by_minute.prompt_tokens + excluded.prompt_tokens, "
                        + "completion_tokens = by_minute.completion_tokens + excluded.completion_tokens, "
                        + "cost_eur = by_minute.cost_eur + excluded.cost_eur",
                key, Timestamp.from(e.minute()), e.organizationId().value(), e.apiKeyId() == null ? null : e.apiKeyId().value(),
                e.userId() == null ? null : e.userId().value(), e.modelServiceId().value(), e.modelServiceName(),
                e.serviceOrganizationId().value(), e.modelId().value(), e.instanceId() == null ? null : e.instanceId().value(),
                e.price().promptPer1k(), e.price().completionPer1k(), e.requests(), e.failedRequests(), e.promptTokens(), e.completionTokens(),
                e.costEur());
    }
}
