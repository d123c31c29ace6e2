package io.inventiv.agents.provider.local;

import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.provider.WorkerNetwork;
import io.inventiv.agents.provider.local.LocalCloudFaults.Mode;
import io.inventiv.agents.provider.local.LocalCloudFaults.Operation;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A simulated GPU cloud on this machine: servers, volumes and addresses kept in its own PostgreSQL
 * schema, with an API latency, a boot time, and injectable faults. It behaves as a real cloud does
 * where it matters to the platform: calls are slow and may fail, a created server is stopped until
 * powered on, it gets its address only once running, and deleting what is gone is not an error.
 */
public class LocalCloudProvider implements CloudProvider {

    public static final String CODE = "local";

    private final JdbcTemplate jdbc;
    private final LocalCloudFaults faults;
    private final LocalCloudProperties properties;
    private final Clock clock;

    public LocalCloudProvider(JdbcTemplate jdbc, LocalCloudFaults faults, LocalCloudProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.faults = faults;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String code() {
        return CODE;
    }

    /** Every local machine lives on this host: its worker takes loopback and free ports. */
    @Override
    public WorkerNetwork workerNetwork() {
        return WorkerNetwork.SHARED_HOST;
    }

    @Override
    public Optional<ProviderServer> findServerByTag(String zone, String tag) {
        return listServers(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderServer createServer(ServerSpec spec) {
        call(Operation.CREATE_SERVER, spec.zone());
        UUID id = UUID.randomUUID();
        jdbc.update("insert into local_cloud.servers (id, zone, name, commercial_type, tags, created_at) values (?, ?, ?, ?, ?, ?)",
                id, spec.zone(), spec.name(), spec.commercialType(), spec.tags().toArray(String[]::new), Timestamp.from(clock.instant()));
        return getServer(spec.zone(), id.toString());
    }

    @Override
    public ProviderServer getServer(String zone, String serverId) {
        pause();
        return servers("where zone = ? and id = ?", zone, uuid("server", serverId)).stream().findFirst()
                .orElseThrow(() -> new ProviderResourceNotFound("server", serverId));
    }

    @Override
    public void powerOn(String zone, String serverId) {
        ProviderServer server = getServer(zone, serverId);
        if (server.state() != ProviderServer.State.STOPPED) {
            return;
        }
        Optional<LocalCloudFaults.Rule> fault = faults.fire(Operation.POWER_ON, zone);
        if (fault.isPresent() && fault.get().mode() == Mode.FAIL) {
            throw new ProviderException(fault.get().errorType(), fault.get().message());
        }
        if (fault.isPresent() && fault.get().mode() == Mode.VANISH) {
            removeServer(zone, server.id());
            return;
        }
        // a local machine is reached on this host, each on its own SSH port
        String address = "127.0.0.1";
        jdbc.update("update local_cloud.servers set powered_on_at = ?, boot_hangs = ?, ip_address = ? where id = ? and powered_on_at is null",
                Timestamp.from(clock.instant()), fault.isPresent() && fault.get().mode() == Mode.HANG, address, UUID.fromString(server.id()));
    }

    @Override
    public void deleteServer(String zone, String serverId) {
        call(Operation.DELETE_SERVER, zone);
        removeServer(zone, serverId);
    }

    /** Removes a server without going through the API's faults, as the cloud's own console does. */
    boolean removeServer(String zone, String serverId) {
        return parse(serverId).map(id -> jdbc.update("delete from local_cloud.servers where zone = ? and id = ?", zone, id) > 0).orElse(false);
    }

    @Override
    public Optional<ProviderVolume> findVolumeByTag(String zone, String tag) {
        return listVolumes(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderVolume createVolume(VolumeSpec spec) {
        call(Operation.CREATE_VOLUME, spec.zone());
        if (spec.sizeGb() < 1 || spec.sizeGb() > 10_000) {
            throw new ProviderException("invalid_arguments", "volume size must be between 1 GB and 10 TB, got " + spec.sizeGb() + " GB");
        }
        UUID id = UUID.randomUUID();
        jdbc.update("insert into local_cloud.volumes (id, zone, name, size_gb, tags, created_at) values (?, ?, ?, ?, ?, ?)",
                id, spec.zone(), spec.name(), spec.sizeGb(), spec.tags().toArray(String[]::new), Timestamp.from(clock.instant()));
        return volumes("where id = ?", id).getFirst();
    }

    @Override
    public void attachVolume(String zone, String serverId, String volumeId) {
        call(Operation.ATTACH_VOLUME, zone);
        getServer(zone, serverId);
        int updated = jdbc.update("update local_cloud.volumes set server_id = ? where zone = ? and id = ? and (server_id is null or server_id = ?)",
                uuid("server", serverId), zone, uuid("volume", volumeId), uuid("server", serverId));
        if (updated == 0) {
            if (volumes("where zone = ? and id = ?", zone, uuid("volume", volumeId)).isEmpty()) {
                throw new ProviderResourceNotFound("volume", volumeId);
            }
            throw new ProviderException("precondition_failed", "volume " + volumeId + " is attached to another server");
        }
    }

    @Override
    public void deleteVolume(String zone, String volumeId) {
        call(Operation.DELETE_VOLUME, zone);
        parse(volumeId).ifPresent(id -> jdbc.update("delete from local_cloud.volumes where zone = ? and id = ?", zone, id));
    }

    @Override
    public List<ProviderServer> listServers(String zone, String tag) {
        pause();
        zone = blankToNull(zone);
        tag = blankToNull(tag);
        return servers("where (?::text is null or zone = ?) and (?::text is null or ? = any(tags)) order by created_at, id", zone, zone, tag, tag);
    }

    @Override
    public List<ProviderVolume> listVolumes(String zone, String tag) {
        pause();
        zone = blankToNull(zone);
        tag = blankToNull(tag);
        return volumes("where (?::text is null or zone = ?) and (?::text is null or ? = any(tags)) order by created_at, id", zone, zone, tag, tag);
    }

    private void call(Operation operation, String zone) {
        pause();
        Optional<LocalCloudFaults.Rule> fault = faults.fire(operation, zone);
        if (fault.isPresent()) {
            throw new ProviderException(fault.get().errorType(), fault.get().message());
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.apiLatency());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted", "the call to the local cloud was interrupted");
        }
    }

    private List<ProviderServer> servers(String where, Object... args) {
        return jdbc.query("select s.*, array(select v.id::text from local_cloud.volumes v where v.server_id = s.id order by v.created_at) as volume_ids "
                + "from local_cloud.servers s " + where, (rs, i) -> server(rs), args);
    }

    private ProviderServer server(ResultSet rs) throws SQLException {
        Timestamp poweredOn = rs.getTimestamp("powered_on_at");
        ProviderServer.State state;
        if (poweredOn == null) {
            state = ProviderServer.State.STOPPED;
        } else if (rs.getBoolean("boot_hangs") || clock.instant().isBefore(poweredOn.toInstant().plus(properties.bootTime()))) {
            state = ProviderServer.State.STARTING;
        } else {
            state = ProviderServer.State.RUNNING;
        }
        return new ProviderServer(rs.getString("id"), rs.getString("name"), rs.getString("zone"), rs.getString("commercial_type"),
                state, state == ProviderServer.State.RUNNING ? rs.getString("ip_address") : null,
                strings(rs.getArray("tags")), strings(rs.getArray("volume_ids")), rs.getTimestamp("created_at").toInstant(),
                state == ProviderServer.State.RUNNING ? (Integer) rs.getObject("ssh_port") : null);
    }

    private List<ProviderVolume> volumes(String where, Object... args) {
        return jdbc.query("select * from local_cloud.volumes " + where, (rs, i) -> new ProviderVolume(
                rs.getString("id"), rs.getString("name"), rs.getString("zone"), rs.getInt("size_gb"), rs.getString("server_id"),
                strings(rs.getArray("tags")), rs.getTimestamp("created_at").toInstant()), args);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static UUID uuid(String resource, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProviderResourceNotFound(resource, id);
        }
    }
}
