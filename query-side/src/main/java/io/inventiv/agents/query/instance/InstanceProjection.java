package io.inventiv.agents.query.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.DataVolumeDeleted;
import io.inventiv.agents.api.instance.InstanceArchived;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceChange;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.ProvisioningStepFailed;
import io.inventiv.agents.api.instance.WatchInstances;
import io.inventiv.agents.api.instance.InstallAttemptFailed;
import io.inventiv.agents.api.instance.InstallPhaseReached;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import io.inventiv.agents.support.storage.SubscriptionUpdates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Instances as operators read them: current state, progress, what the provider holds, and the history
 * of every transition. Each row remembers the last event applied, so a repeated event changes nothing.
 */
@Component
@ProcessingGroup(InstanceProjection.PROCESSING_GROUP)
class InstanceProjection {

    static final String PROCESSING_GROUP = "instances";
    private static final int SERVER_CREATED_PROGRESS = 20;
    private static final int VOLUME_ATTACHED_PROGRESS = 30;
    /** How far the road to READY each known phase of the bootstrap script is (INSTALLING starts at 60, STARTING at 80). */
    private static final Map<String, Integer> PHASE_PROGRESS = Map.of("check_gpu", 62, "install_runtime", 65, "install_agent", 68,
            "download_model", 72, "start_agent", 76);
    private static final int ENROLLED_PROGRESS = 84;
    private static final Map<ReadinessCheck, Integer> READINESS_PROGRESS = Map.of(ReadinessCheck.ENGINE_HTTP_UP, 88,
            ReadinessCheck.MODEL_LOADED, 92, ReadinessCheck.WARMED_UP, 96);

    private final JdbcTemplate jdbc;
    private final SubscriptionUpdates updates;

    InstanceProjection(JdbcTemplate jdbc, SubscriptionUpdates updates) {
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(InstanceProvisioningRequested e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        int inserted = jdbc.update("insert into instances (id, model_id, instance_type_id, zone_id, provider_id, provider_code, zone_code, "
                        + "instance_type_code, data_volume_gb, status, progress, requested_by, requested_by_name, organization_id, "
                        + "created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing",
                e.instanceId().value(), e.modelId().value(), e.typeId().value(), e.zoneId().value(), e.providerId().value(),
                e.providerCode(), e.zoneCode(), e.typeCode(), e.dataVolumeGb(), InstanceState.PROVISIONING.name(),
                InstanceState.PROVISIONING.progressWhenEntered(), e.requestedBy().toString(), e.requestedBy().name(),
                e.organizationId() == null ? null : e.organizationId().value(), ts(e.at()), ts(e.at()), seq);
        if (inserted > 0) {
            recorded(m, seq, e.instanceId(), e.organizationId() == null ? null : e.organizationId().value(), InstanceState.PROVISIONING,
                    InstanceState.PROVISIONING.progressWhenEntered(), null, e.requestedBy(), e.at(), replay);
        }
    }

    @EventHandler
    void on(ProviderServerCreated e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay,
                "server_id = ?, progress = case when status = 'PROVISIONING' then greatest(progress, ?) else progress end",
                e.serverId(), SERVER_CREATED_PROGRESS);
    }

    @EventHandler
    void on(DataVolumeAttached e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay,
                "volume_ids = array_append(array_remove(volume_ids, ?), ?), "
                        + "progress = case when status = 'PROVISIONING' then greatest(progress, ?) else progress end",
                e.volumeId(), e.volumeId(), VOLUME_ATTACHED_PROGRESS);
    }

    @EventHandler
    void on(InstanceBootStarted e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.BOOTING, null, e.actor(), e.at(), replay, "");
    }

    @EventHandler
    void on(InstanceBooted e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.INSTALLING, null, e.actor(), e.at(), replay, "ip_address = ?", e.ipAddress());
    }

    @EventHandler
    void on(InstallPhaseReached e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        String reason = "installation attempt " + e.attempt() + ": " + e.phase();
        change(m, seq, e.instanceId(), e.actor(), e.at(), reason, replay,
                "install_phase = ?, progress = case when status = 'INSTALLING' then greatest(progress, ?) else progress end",
                e.phase(), PHASE_PROGRESS.getOrDefault(e.phase(), InstanceState.INSTALLING.progressWhenEntered()));
    }

    @EventHandler
    void on(InstallAttemptFailed e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        String reason = "installation attempt " + e.attempt() + " failed in phase " + e.phase() + ": " + e.reason()
                + (e.willRetry() ? " (will retry)" : "");
        change(m, seq, e.instanceId(), e.actor(), e.at(), reason, replay, "last_reason = ?", reason);
    }

    /** STARTING after the first installation; a re-installation on a live instance changes no state. */
    @EventHandler
    void on(WorkerInstalled e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay,
                "status = case when status = 'INSTALLING' then 'STARTING' else status end, "
                        + "progress = case when status = 'INSTALLING' then ? else progress end, "
                        + "last_reason = case when status = 'INSTALLING' then null else last_reason end",
                InstanceState.STARTING.progressWhenEntered());
    }

    @EventHandler
    void on(WorkerRegistered e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay,
                "agent_url = ?, engine_url = ?, engine_kind = ?, progress = case when status = 'STARTING' then greatest(progress, ?) else progress end",
                e.agentUrl(), e.engineUrl(), e.engineKind(), ENROLLED_PROGRESS);
    }

    @EventHandler
    void on(WorkerEndpointsChanged e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay, "agent_url = ?, engine_url = ?", e.agentUrl(), e.engineUrl());
    }

    @EventHandler
    void on(WorkerReadinessReported e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay,
                "progress = case when status in ('INSTALLING', 'STARTING') then greatest(progress, ?) else progress end",
                READINESS_PROGRESS.get(e.check()));
    }

    @EventHandler
    void on(InstanceReady e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.READY, null, e.actor(), e.at(), replay, "ready_at = ?, engine_url = coalesce(?, engine_url)",
                ts(e.at()), e.engineUrl());
    }

    @EventHandler
    void on(InstanceStartupFailed e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        String reason = "phase " + e.phase() + ": " + e.reason();
        transition(m, seq, e.instanceId(), InstanceState.STARTUP_FAILED, reason, e.actor(), e.at(), replay, "failure_reason = ?", reason);
    }

    @EventHandler
    void on(InstanceBecameUnreachable e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.UNREACHABLE, e.reason(), e.actor(), e.at(), replay, "");
    }

    @EventHandler
    void on(InstanceRecovered e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.READY, null, e.actor(), e.at(), replay, "");
    }

    @EventHandler
    void on(InstanceServerVanished e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        String reason = "server " + e.serverId() + " disappeared at the provider while the instance was " + e.stateBefore();
        transition(m, seq, e.instanceId(), InstanceState.FAILED, reason, e.actor(), e.at(), replay,
                "failure_reason = ?, server_id = null, ip_address = null", reason);
    }

    @EventHandler
    void on(ProvisioningStepFailed e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        String reason = e.step() + " attempt " + e.attempt() + " failed: " + e.reason() + (e.willRetry() ? " (will retry)" : "");
        change(m, seq, e.instanceId(), e.actor(), e.at(), reason, replay, "last_reason = ?", reason);
    }

    @EventHandler
    void on(InstanceProvisioningFailed e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        // as the aggregate decides: FAILED (terminable) when something is still held at the provider
        String nothingHeld = "server_id is null and cardinality(volume_ids) = 0";
        change(m, seq, e.instanceId(), e.actor(), e.at(), e.reason(), replay,
                "status = case when " + nothingHeld + " then 'PROVISIONING_FAILED' else 'FAILED' end, progress = 100, last_reason = ?, "
                        + "failure_reason = ?, finished_at = case when " + nothingHeld + " then ?::timestamptz end",
                e.reason(), e.reason(), ts(e.at()));
    }

    @EventHandler
    void on(InstanceTerminationRequested e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.DRAINING, e.reason(), e.actor(), e.at(), replay, "");
    }

    @EventHandler
    void on(InstanceDrained e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.TERMINATING, null, e.actor(), e.at(), replay, "");
    }

    @EventHandler
    void on(ProviderServerDeleted e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay, "server_id = null, ip_address = null");
    }

    @EventHandler
    void on(DataVolumeDeleted e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay, "volume_ids = array_remove(volume_ids, ?)", e.volumeId());
    }

    @EventHandler
    void on(InstanceTerminated e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.TERMINATED, null, e.actor(), e.at(), replay, "finished_at = ?", ts(e.at()));
    }

    @EventHandler
    void on(InstanceTerminationFailed e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        transition(m, seq, e.instanceId(), InstanceState.FAILED, e.reason(), e.actor(), e.at(), replay, "failure_reason = ?", e.reason());
    }

    @EventHandler
    void on(InstanceArchived e, @SequenceNumber long seq, EventMessage<?> m, ReplayStatus replay) {
        change(m, seq, e.instanceId(), e.actor(), e.at(), null, replay, "archived = true");
    }

    /** Live watchers start from the instances that are not finished (or from the one they asked for). */
    @QueryHandler
    List<InstanceChange> handle(WatchInstances query) {
        UUID organization = query.organizationId() == null ? null : query.organizationId().value();
        return jdbc.query("select i.*, h.event_type, h.actor from instances i "
                        + "left join lateral (select event_type, actor from instance_history where instance_id = i.id order by sequence desc limit 1) h on true "
                        + "where ((?::uuid is null and not archived and status not in ('TERMINATED', 'PROVISIONING_FAILED')) or i.id = ?) "
                        + "and (?::uuid is null or i.organization_id = ?) "
                        + "order by i.created_at desc limit 500",
                (rs, n) -> new InstanceChange(new InstanceId(rs.getObject("id", UUID.class)), organizationOf(rs.getObject("organization_id", UUID.class)),
                        rs.getString("event_type"),
                        InstanceState.valueOf(rs.getString("status")), rs.getInt("progress"), rs.getString("last_reason"),
                        rs.getString("actor"), rs.getTimestamp("updated_at").toInstant()),
                query.instanceId() == null ? null : query.instanceId().value(), query.instanceId() == null ? null : query.instanceId().value(),
                organization, organization);
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate instances, instance_history");
    }

    private void transition(EventMessage<?> m, long seq, InstanceId id, InstanceState to, String reason, Actor actor, Instant at,
                            ReplayStatus replay, String extraSet, Object... extraArgs) {
        // a transition's reason replaces the last one, so a retried failure does not outlive the success that followed
        String set = "status = ?, progress = ?, last_reason = ?" + (extraSet.isEmpty() ? "" : ", " + extraSet);
        Object[] args = concat(new Object[] {to.name(), to.progressWhenEntered(), reason}, extraArgs);
        change(m, seq, id, actor, at, reason, replay, set, args);
    }

    private void change(EventMessage<?> m, long seq, InstanceId id, Actor actor, Instant at, String reason, ReplayStatus replay,
                        String set, Object... args) {
        Object[] all = concat(Arrays.stream(args).map(a -> a instanceof String text ? withoutNul(text) : a).toArray(),
                new Object[] {ts(at), seq, id.value(), seq});
        // an event already applied (older or repeated) matches no row and records nothing
        jdbc.query("update instances set " + set + ", updated_at = ?, version = ? where id = ? and version < ? "
                                + "returning status, progress, organization_id",
                        (rs, n) -> new Object[] {InstanceState.valueOf(rs.getString("status")), rs.getInt("progress"),
                                rs.getObject("organization_id", UUID.class)}, all)
                .forEach(row -> recorded(m, seq, id, (UUID) row[2], (InstanceState) row[0], (Integer) row[1], reason, actor, at, replay));
    }

    private void recorded(EventMessage<?> m, long seq, InstanceId id, UUID organization, InstanceState status, int progress, String reason,
                          Actor actor, Instant at, ReplayStatus replay) {
        String eventType = m.getPayloadType().getSimpleName();
        jdbc.update("insert into instance_history (event_id, instance_id, sequence, event_type, to_status, progress, reason, actor, "
                        + "actor_name, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing",
                m.getIdentifier(), id.value(), seq, eventType, status.name(), progress,
                reason == null ? null : withoutNul(reason), actor.toString(), actor.name(), ts(at));
        if (!replay.isReplay()) {
            InstanceChange change = new InstanceChange(id, organizationOf(organization), eventType, status, progress, reason, actor.toString(), at);
            updates.emit(change);
        }
    }

    private static String organizationOf(UUID organization) {
        return organization == null ? null : organization.toString();
    }

    /** PostgreSQL stores no NUL character; an event's free text (a provider's error message) may carry one. */
    private static String withoutNul(String text) {
        return text.replace("\u0000", "");
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
