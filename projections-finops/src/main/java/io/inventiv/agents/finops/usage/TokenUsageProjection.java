package io.inventiv.agents.finops.usage;

import io.inventiv.agents.api.usage.UsageRecorded;
import java.time.Instant;
import io.inventiv.agents.support.storage.BatchedUpdates;
import io.inventiv.agents.finops.FinopsAutoConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps every {@code UsageRecorded} row with the time it was recorded; an event seen twice is kept once. */
@Component
@ProcessingGroup(FinopsAutoConfiguration.GROUP)
public class TokenUsageProjection {

    private final JdbcTemplate jdbc;
    private final BatchedUpdates rows;

    TokenUsageProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.rows = new BatchedUpdates(jdbc, "insert into finops.token_usage (event_id, recorded_at, minute, organization_id, api_key_id, user_id, "
                + "model_service_id, model_service_name, service_organization_id, model_id, instance_id, requests, failed_requests, prompt_tokens, "
                + "completion_tokens, cost_eur, prompt_price_per_1k, completion_price_per_1k, share_id) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing");
    }

    @EventHandler
    void on(UsageRecorded e, @MessageIdentifier String eventId, @Timestamp Instant recordedAt) {
        rows.add(eventId, java.sql.Timestamp.from(recordedAt), java.sql.Timestamp.from(e.minute()), e.organizationId().value(),
                e.apiKeyId() == null ? null : e.apiKeyId().value(), e.userId() == null ? null : e.userId().value(), e.modelServiceId().value(),
                e.modelServiceName(), e.serviceOrganizationId().value(), e.modelId().value(), e.instanceId() == null ? null : e.instanceId().value(),
                e.requests(), e.failedRequests(), e.promptTokens(), e.completionTokens(), e.costEur(), e.price().promptPer1k(),
                e.price().completionPer1k(), e.shareId() == null ? null : e.shareId().value());
    }

    @ResetHandler
    public void reset() {
        jdbc.execute("truncate finops.token_usage");
    }
}
