package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import io.inventiv.agents.api.instance.WorkerTokenConfirmed;
import io.inventiv.agents.api.instance.WorkerTokenRevoked;
import io.inventiv.agents.api.instance.WorkerTokenRotated;
import io.inventiv.agents.api.instance.WorkerTokenRotationRequested;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which token each instance's worker is heard with, and what the platform last knew of it. Kept by a
 * subscribing processor in the transaction that stores the instance's events, so a token is good
 * exactly when the aggregate says so; heartbeats read it without loading the aggregate.
 */
@Component
@ProcessingGroup(WorkerRegistry.PROCESSING_GROUP)
class WorkerRegistry {

    static final String PROCESSING_GROUP = "worker-registry";

    /** What a heartbeat needs to know of the worker it comes from. */
    /**
     * What a heartbeat needs to know of the worker it comes from.
     *
     * @param withReplacedToken heard with the token a rotation replaced: the worker never got its new one
     * @param rotationUnconfirmed heard with the new token while the replaced one is still good
     */
    record Enrolled(InstanceId instanceId, InstanceState state, Set<ReadinessCheck> readiness, boolean rotateRequested, Integer agentPort,
                    Integer enginePort, boolean withReplacedToken, boolean rotationUnconfirmed) {}

    /** A READY instance that has not been heard from. */
    record Silent(InstanceId instanceId, Instant lastHeartbeatAt) {}

    private final JdbcTemplate jdbc;

    WorkerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Enrolled> byTokenHash(String tokenHash) {
        return jdbc.query("select instance_id, state, readiness, rotate_requested, agent_url, engine_url, replaced_hash = ? as with_replaced, "
                        + "replaced_hash is not null and token_hash = ? as unconfirmed from workers.registry where token_hash = ? or replaced_hash = ?",
                (rs, n) -> new Enrolled(new InstanceId(rs.getObject("instance_id", UUID.class)), InstanceState.valueOf(rs.getString("state")),
                        readiness(rs.getArray("readiness")), rs.getBoolean("rotate_requested"), portOf(rs.getString("agent_url")),
                        portOf(rs.getString("engine_url")), rs.getBoolean("with_replaced"), rs.getBoolean("unconfirmed")),
                tokenHash, tokenHash, tokenHash, tokenHash).stream().findFirst();
    }

    void heardFrom(InstanceId instance, Instant at) {
        jdbc.update("update workers.registry set last_heartbeat_at = greatest(last_heartbeat_at, ?) where instance_id = ?", ts(at), instance.value());
    }

    /** READY instances silent since before {@code before}; one just made READY counts from then. */
    List<Silent> silentSince(Instant before) {
        return jdbc.query("select instance_id, greatest(last_heartbeat_at, ready_since) as last from workers.registry "
                        + "where state = 'READY' and greatest(last_heartbeat_at, ready_since) < ?",
                (rs, n) -> new Silent(new InstanceId(rs.getObject("instance_id", UUID.class)), rs.getTimestamp("last").toInstant()), ts(before));
    }

    @EventHandler
    void on(InstanceBooted e) {
        jdbc.update("insert into workers.registry (instance_id, state, updated_at) values (?, 'INSTALLING', ?) on conflict (instance_id) do nothing",
                e.instanceId().value(), ts(e.at()));
    }

    @EventHandler
    void on(WorkerInstalled e) {
        jdbc.update("update workers.registry set state = 'STARTING', updated_at = ? where instance_id = ? and state = 'INSTALLING'",
                ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerRegistered e) {
        jdbc.update("update workers.registry set token_hash = ?, replaced_hash = null, rotate_requested = false, readiness = '{}', agent_url = ?, engine_url = ?, "
                + "updated_at = ? where instance_id = ?", e.workerTokenHash(), e.agentUrl(), e.engineUrl(), ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerEndpointsChanged e) {
        jdbc.update("update workers.registry set agent_url = ?, engine_url = ?, updated_at = ? where instance_id = ?",
                e.agentUrl(), e.engineUrl(), ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerReadinessReported e) {
        jdbc.update("update workers.registry set readiness = array_append(array_remove(readiness, ?), ?), updated_at = ? where instance_id = ?",
                e.check().name(), e.check().name(), ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(InstanceReady e) {
        becomes(e.instanceId(), InstanceState.READY, e.at(), ", ready_since = ?", ts(e.at()));
    }

    @EventHandler
    void on(InstanceBecameUnreachable e) {
        becomes(e.instanceId(), InstanceState.UNREACHABLE, e.at(), "");
    }

    @EventHandler
    void on(InstanceRecovered e) {
        becomes(e.instanceId(), InstanceState.READY, e.at(), ", ready_since = ?", ts(e.at()));
    }

    @EventHandler
    void on(InstanceStartupFailed e) {
        becomes(e.instanceId(), InstanceState.STARTUP_FAILED, e.at(), "");
    }

    @EventHandler
    void on(WorkerTokenRotationRequested e) {
        jdbc.update("update workers.registry set rotate_requested = true, updated_at = ? where instance_id = ?", ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerTokenRotated e) {
        jdbc.update("update workers.registry set token_hash = ?, replaced_hash = ?, rotate_requested = false, updated_at = ? where instance_id = ?",
                e.workerTokenHash(), e.replacedTokenHash(), ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerTokenConfirmed e) {
        jdbc.update("update workers.registry set replaced_hash = null, updated_at = ? where instance_id = ?", ts(e.at()), e.instanceId().value());
    }

    @EventHandler
    void on(WorkerTokenRevoked e) {
        jdbc.update("update workers.registry set token_hash = null, replaced_hash = null, rotate_requested = false, updated_at = ? where instance_id = ?",
                ts(e.at()), e.instanceId().value());
    }

    /** A worker being drained is still heard: its heartbeats tell when the requests in flight have finished. */
    @EventHandler
    void on(InstanceTerminationRequested e) {
        becomes(e.instanceId(), InstanceState.DRAINING, e.at(), "");
    }

    /** A worker on its way out, or whose machine is gone, is heard no more. */
    @EventHandler
    void on(InstanceDrained e) {
        jdbc.update("delete from workers.registry where instance_id = ?", e.instanceId().value());
    }

    @EventHandler
    void on(InstanceServerVanished e) {
        jdbc.update("delete from workers.registry where instance_id = ?", e.instanceId().value());
    }

    private void becomes(InstanceId instance, InstanceState state, Instant at, String extraSet, Object... extraArgs) {
        Object[] args = new Object[extraArgs.length + 3];
        args[0] = state.name();
        args[1] = ts(at);
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        args[args.length - 1] = instance.value();
        jdbc.update("update workers.registry set state = ?, updated_at = ?" + extraSet + " where instance_id = ?", args);
    }

    private static Set<ReadinessCheck> readiness(Array array) throws SQLException {
        Set<ReadinessCheck> checks = EnumSet.noneOf(ReadinessCheck.class);
        for (String check : (String[]) array.getArray()) {
            checks.add(ReadinessCheck.valueOf(check));
        }
        return checks;
    }

    private static Integer portOf(String url) {
        if (url == null) {
            return null;
        }
        int port = java.net.URI.create(url).getPort();
        return port < 0 ? null : port;
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
