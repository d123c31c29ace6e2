package io.inventiv.agents.router;

import io.inventiv.agents.api.usage.UsageRecorded;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Publishes a usage batch as events, its latency as telemetry and the journals' new positions, in one transaction. */
final class UsageEvents implements UsageMeter.Publisher {

    private final EventBus events;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    UsageEvents(EventBus events, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void publish(List<UsageRecorded> rows, List<UsageMeter.LatencyRow> latency, Map<String, Long> positions) {
        transactions.executeWithoutResult(tx -> {
            events.publish(rows.stream().map(GenericEventMessage::asEventMessage).toList());
            jdbc.batchUpdate("insert into telemetry.router_latency (minute, model_service_id, model_service_name, service_organization_id, "
                    + "instance_id, requests, ttft_count, ttft_ms_sum, ttft_ms_max, total_ms_sum, total_ms_max) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", latency, latency.size(), (ps, row) -> {
                        ps.setTimestamp(1, Timestamp.from(row.minute()));
                        ps.setObject(2, row.modelServiceId().value());
                        ps.setString(3, row.modelServiceName());
                        ps.setObject(4, row.serviceOrganizationId().value());
                        ps.setObject(5, row.instanceId() == null ? null : row.instanceId().value());
                        ps.setLong(6, row.requests());
                        ps.setLong(7, row.ttftCount());
                        ps.setLong(8, row.ttftMillisSum());
                        ps.setLong(9, row.ttftMillisMax());
                        ps.setLong(10, row.totalMillisSum());
                        ps.setLong(11, row.totalMillisMax());
                    });
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.batchUpdate("insert into router.usage_journals (journal, published_offset, updated_at) values (?, ?, ?) "
                    + "on conflict (journal) do update set published_offset = excluded.published_offset, updated_at = excluded.updated_at",
                    List.copyOf(positions.entrySet()), positions.size(), (ps, position) -> {
                        ps.setString(1, position.getKey());
                        ps.setLong(2, position.getValue());
                        ps.setTimestamp(3, now);
                    });
        });
    }

    @Override
    public long publishedOffset(String journal) {
        List<Long> offsets = jdbc.queryForList("select published_offset from router.usage_journals where journal = ?", Long.class, journal);
        return offsets.isEmpty() ? 0 : offsets.get(0);
    }

    @Override
    public void forget(String journal) {
        jdbc.update("delete from router.usage_journals where journal = ?", journal);
    }
}
