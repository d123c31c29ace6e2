package io.inventiv.agents.query.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.inventiv.agents.api.action.ActionRecorded;
import io.inventiv.agents.api.action.WatchActions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import io.inventiv.agents.support.storage.SubscriptionUpdates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The action log: one entry per event of the platform, whatever its kind, with who caused it, why,
 * and the event's own fields as metadata. Keyed by event id, so a replay writes the same log.
 */
@Component
@ProcessingGroup(ActionLogProjection.PROCESSING_GROUP)
class ActionLogProjection {

    static final String PROCESSING_GROUP = "action-log";

    private static final ObjectMapper FIELDS = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final JdbcTemplate jdbc;
    private final SubscriptionUpdates updates;
    /** The organizations of recently seen aggregates (an aggregate never changes organization), saving a query per event. */
    private final Map<String, UUID> scopes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
            return size() > 10_000;
        }
    });

    ActionLogProjection(JdbcTemplate jdbc, SubscriptionUpdates updates) {
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message, ReplayStatus replay) throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = FIELDS.convertValue(payload, Map.class);
        String code = ActionType.codeOf(message.getPayloadType());
        String component = ActionType.componentOf(code, message.getPayloadType());
        String actor = actorOf(fields);
        String actorName = actorNameOf(fields);
        String reason = fields.get("reason") instanceof String r ? withoutNul(r) : null;
        String instanceId = fields.get("instance_id") instanceof String i ? i : null;
        Instant at = fields.get("at") instanceof String t ? Instant.parse(t) : message.getTimestamp();
        String subjectType = message instanceof DomainEventMessage<?> d ? d.getType() : null;
        String subjectId = message instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() : null;
        String status = ActionType.statusOf(code);
        UUID organization = organizationOf(fields, subjectId);
        int inserted = jdbc.update("insert into action_logs (event_id, global_index, action_type, component, subject_type, subject_id, "
                        + "instance_id, organization_id, actor, actor_name, reason, status, metadata, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (event_id) do nothing",
                message.getIdentifier(), globalIndex(message), code, component, subjectType, subjectId,
                instanceId == null ? null : UUID.fromString(instanceId), organization, actor, actorName, reason, status,
                FIELDS.writeValueAsString(fields).replace("\\u0000", ""), Timestamp.from(at));
        if (inserted > 0 && !replay.isReplay()) {
            String org = organization == null ? null : organization.toString();
            updates.emit(new ActionRecorded(message.getIdentifier(), code, component, instanceId, org, actor, actorName, reason, fields, at));
        }
    }

    /**
     * The organization an entry belongs to: the one its event names (remembered for the aggregate, so
     * its later events belong there too), else the one remembered for its aggregate; none for
     * platform-wide facts such as catalog changes.
     */
    private UUID organizationOf(Map<String, Object> fields, String subjectId) {
        if (fields.get("organization_id") instanceof String named) {
            UUID organization = UUID.fromString(named);
            if (subjectId != null && !organization.equals(scopes.get(subjectId))) {
                jdbc.update("insert into action_log_scopes (subject_id, organization_id) values (?, ?) on conflict (subject_id) do nothing",
                        subjectId, organization);
                scopes.put(subjectId, organization);
            }
            return organization;
        }
        if (subjectId == null) {
            return null;
        }
        UUID known = scopes.get(subjectId);
        if (known != null) {
            return known;
        }
        UUID organization = jdbc.query("select organization_id from action_log_scopes where subject_id = ?",
                (rs, n) -> rs.getObject(1, UUID.class), subjectId).stream().findFirst().orElse(null);
        if (organization != null) {
            scopes.put(subjectId, organization);
        }
        return organization;
    }

    /** Live watchers get the most recent entries first, as many as they asked for, of their organization. */
    @QueryHandler
    List<ActionRecorded> handle(WatchActions query) throws JsonProcessingException {
        List<ActionRecorded> latest = new java.util.ArrayList<>();
        UUID organization = query.organizationId() == null ? null : query.organizationId().value();
        for (Map<String, Object> row : jdbc.queryForList("select * from action_logs where (?::uuid is null or organization_id = ?) "
                        + "order by global_index desc limit ?", organization, organization, Math.max(0, Math.min(query.backlog(), 1000)))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = FIELDS.readValue(row.get("metadata").toString(), Map.class);
            latest.add(0, new ActionRecorded((String) row.get("event_id"), (String) row.get("action_type"), (String) row.get("component"),
                    row.get("instance_id") == null ? null : row.get("instance_id").toString(),
                    row.get("organization_id") == null ? null : row.get("organization_id").toString(), (String) row.get("actor"),
                    (String) row.get("actor_name"), (String) row.get("reason"), metadata, ((Timestamp) row.get("created_at")).toInstant()));
        }
        return latest;
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate action_logs, action_log_scopes");
        scopes.clear();
    }

    /** PostgreSQL stores no NUL character, in text or in jsonb; an event may still carry one. */
    private static String withoutNul(String text) {
        return text.replace("\u0000", "");
    }

    @SuppressWarnings("unchecked")
    private static String actorOf(Map<String, Object> fields) {
        for (String key : List.of("actor", "requested_by", "recorded_by")) {
            if (fields.get(key) instanceof Map<?, ?> a) {
                return String.valueOf(a.get("kind")).toLowerCase() + ":" + a.get("id");
            }
        }
        return null;
    }

    private static String actorNameOf(Map<String, Object> fields) {
        for (String key : List.of("actor", "requested_by", "recorded_by")) {
            if (fields.get(key) instanceof Map<?, ?> a) {
                return a.get("name") instanceof String name ? name : null;
            }
        }
        return null;
    }

    private static long globalIndex(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            return tracked.trackingToken().position().orElse(0L);
        }
        return 0L;
    }
}
