package io.inventiv.agents.saga;

import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderServer.State;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory cloud that speaks the {@link CloudProvider} contract: creations are found again by tag,
 * deletions of what is gone succeed, a missing server is {@link ProviderResourceNotFound}. A created
 * server is STOPPED, powering it on makes it STARTING; the test decides when it runs
 * ({@link #makeRunning}) or disappears ({@link #vanish}). Any operation can be told to fail its next
 * calls ({@link #failNext}); every call is counted, failed or not.
 *
 * <p>Ids are predictable within one instance of the fake: {@code server-1}, {@code server-2}, … and
 * {@code volume-1}, … in creation order (seeded resources included).
 */
public class FakeCloudProvider implements CloudProvider {

    public static final String CODE = "local";
    private static final Instant CREATED_AT = Instant.parse("2026-03-02T08:00:00Z");

    public enum Operation {
        FIND_SERVER_BY_TAG, CREATE_SERVER, GET_SERVER, POWER_ON, DELETE_SERVER,
        FIND_VOLUME_BY_TAG, CREATE_VOLUME, ATTACH_VOLUME, DELETE_VOLUME, LIST_SERVERS, LIST_VOLUMES
    }

    private final Map<String, ProviderServer> servers = new LinkedHashMap<>();
    private final Map<String, ProviderVolume> volumes = new LinkedHashMap<>();
    private final Map<Operation, Deque<ProviderException>> scriptedFailures = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private int serverSequence;
    private int volumeSequence;

    // --- scripting -----------------------------------------------------------------------------

    /** The next {@code times} calls of {@code operation} throw a {@link ProviderException} with {@code message}. */
    public FakeCloudProvider failNext(Operation operation, int times, String message) {
        return failNext(operation, times, message, "scripted_fault");
    }

    /** The same, with the provider's kind of error (e.g. {@code out_of_stock}). */
    public FakeCloudProvider failNext(Operation operation, int times, String message, String type) {
        Deque<ProviderException> queue = scriptedFailures.computeIfAbsent(operation, o -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new ProviderException(type, message));
        }
        return this;
    }

    /** A server this instance (or anyone) already has at the provider, for example from an earlier try. */
    public ProviderServer seedServer(String zone, String name, String commercialType, List<String> tags) {
        return insertServer(new ServerSpec(zone, name, commercialType, tags));
    }

    /** A volume already at the provider, attached to {@code serverId} when that is not {@code null}. */
    public ProviderVolume seedVolume(String zone, String name, int sizeGb, String serverId, List<String> tags) {
        ProviderVolume volume = insertVolume(new VolumeSpec(zone, name, sizeGb, tags));
        if (serverId != null) {
            volumes.put(volume.id(), withServer(volume, serverId));
        }
        return volumes.get(volume.id());
    }

    /** The server has booted: it runs and answers at {@code ipAddress}. */
    public void makeRunning(String serverId, String ipAddress) {
        ProviderServer server = existingServer(serverId);
        servers.put(serverId, withState(server, State.RUNNING, ipAddress));
    }

    /** The server is gone at the provider without anyone asking (reclaimed, crashed host, …); its volumes are detached. */
    public void vanish(String serverId) {
        existingServer(serverId);
        removeServer(serverId);
    }

    // --- inspection ----------------------------------------------------------------------------

    public List<ProviderServer> servers() {
        return servers.keySet().stream().map(this::view).toList();
    }

    public List<ProviderVolume> volumes() {
        return List.copyOf(volumes.values());
    }

    public Optional<ProviderServer> server(String serverId) {
        return Optional.ofNullable(servers.get(serverId)).map(s -> view(s.id()));
    }

    public Optional<ProviderVolume> volume(String volumeId) {
        return Optional.ofNullable(volumes.get(volumeId));
    }

    /** How many times {@code operation} was called, failed calls included. */
    public int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    // --- the port ------------------------------------------------------------------------------

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public Optional<ProviderServer> findServerByTag(String zone, String tag) {
        call(Operation.FIND_SERVER_BY_TAG);
        return serversTagged(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderServer createServer(ServerSpec spec) {
        call(Operation.CREATE_SERVER);
        return insertServer(spec);
    }

    @Override
    public ProviderServer getServer(String zone, String serverId) {
        call(Operation.GET_SERVER);
        return view(inZone(zone, serverId).id());
    }

    @Override
    public void powerOn(String zone, String serverId) {
        call(Operation.POWER_ON);
        ProviderServer server = inZone(zone, serverId);
        if (server.state() == State.STOPPED) {
            servers.put(serverId, withState(server, State.STARTING, null));
        }
    }

    @Override
    public void deleteServer(String zone, String serverId) {
        call(Operation.DELETE_SERVER);
        ProviderServer server = servers.get(serverId);
        if (server != null && server.zone().equals(zone)) {
            removeServer(serverId);
        }
    }

    @Override
    public Optional<ProviderVolume> findVolumeByTag(String zone, String tag) {
        call(Operation.FIND_VOLUME_BY_TAG);
        return volumesTagged(zone, tag).stream().findFirst();
    }

    @Override
    public ProviderVolume createVolume(VolumeSpec spec) {
        call(Operation.CREATE_VOLUME);
        return insertVolume(spec);
    }

    @Override
    public void attachVolume(String zone, String serverId, String volumeId) {
        call(Operation.ATTACH_VOLUME);
        inZone(zone, serverId);
        ProviderVolume volume = volumes.get(volumeId);
        if (volume == null || !volume.zone().equals(zone)) {
            throw new ProviderResourceNotFound("volume", volumeId);
        }
        if (volume.serverId() != null && !volume.serverId().equals(serverId)) {
            throw new ProviderException("precondition_failed", "volume " + volumeId + " is attached to another server");
        }
        volumes.put(volumeId, withServer(volume, serverId));
    }

    @Override
    public void deleteVolume(String zone, String volumeId) {
        call(Operation.DELETE_VOLUME);
        ProviderVolume volume = volumes.get(volumeId);
        if (volume != null && volume.zone().equals(zone)) {
            volumes.remove(volumeId);
        }
    }

    @Override
    public List<ProviderServer> listServers(String zone, String tag) {
        call(Operation.LIST_SERVERS);
        return serversTagged(zone, tag);
    }

    @Override
    public List<ProviderVolume> listVolumes(String zone, String tag) {
        call(Operation.LIST_VOLUMES);
        return volumesTagged(zone, tag);
    }

    // --- internals -----------------------------------------------------------------------------

    private void call(Operation operation) {
        calls.merge(operation, 1, Integer::sum);
        Deque<ProviderException> failures = scriptedFailures.get(operation);
        if (failures != null && !failures.isEmpty()) {
            throw failures.poll();
        }
    }

    private ProviderServer insertServer(ServerSpec spec) {
        String id = "server-" + ++serverSequence;
        servers.put(id, new ProviderServer(id, spec.name(), spec.zone(), spec.commercialType(), State.STOPPED, null,
                List.copyOf(spec.tags()), List.of(), CREATED_AT, null));
        return view(id);
    }

    private ProviderVolume insertVolume(VolumeSpec spec) {
        String id = "volume-" + ++volumeSequence;
        ProviderVolume volume = new ProviderVolume(id, spec.name(), spec.zone(), spec.sizeGb(), null, List.copyOf(spec.tags()), CREATED_AT);
        volumes.put(id, volume);
        return volume;
    }

    private void removeServer(String serverId) {
        servers.remove(serverId);
        volumes.replaceAll((id, v) -> serverId.equals(v.serverId()) ? withServer(v, null) : v);
    }

    private ProviderServer existingServer(String serverId) {
        ProviderServer server = servers.get(serverId);
        if (server == null) {
            throw new IllegalStateException("the fake has no server " + serverId);
        }
        return server;
    }

    private ProviderServer inZone(String zone, String serverId) {
        ProviderServer server = servers.get(serverId);
        if (server == null || !server.zone().equals(zone)) {
            throw new ProviderResourceNotFound("server", serverId);
        }
        return server;
    }

    private List<ProviderServer> serversTagged(String zone, String tag) {
        return servers.values().stream()
                .filter(s -> zone == null || s.zone().equals(zone))
                .filter(s -> tag == null || s.tags().contains(tag))
                .map(s -> view(s.id()))
                .toList();
    }

    private List<ProviderVolume> volumesTagged(String zone, String tag) {
        return volumes.values().stream()
                .filter(v -> zone == null || v.zone().equals(zone))
                .filter(v -> tag == null || v.tags().contains(tag))
                .toList();
    }

    /** The server as the provider reports it: with the ids of the volumes attached to it. */
    private ProviderServer view(String serverId) {
        ProviderServer s = servers.get(serverId);
        List<String> attached = volumes.values().stream().filter(v -> serverId.equals(v.serverId())).map(ProviderVolume::id).toList();
        return new ProviderServer(s.id(), s.name(), s.zone(), s.commercialType(), s.state(), s.ipAddress(), s.tags(), attached, s.createdAt(), s.sshPort());
    }

    private static ProviderServer withState(ProviderServer s, State state, String ipAddress) {
        return new ProviderServer(s.id(), s.name(), s.zone(), s.commercialType(), state, ipAddress, s.tags(), s.volumeIds(), s.createdAt(), ipAddress == null ? null : 22);
    }

    private static ProviderVolume withServer(ProviderVolume v, String serverId) {
        return new ProviderVolume(v.id(), v.name(), v.zone(), v.sizeGb(), serverId, v.tags(), v.createdAt());
    }

    @Override
    public String toString() {
        return "FakeCloudProvider" + Objects.toString(Map.of("servers", servers.keySet(), "volumes", volumes.keySet()));
    }
}
