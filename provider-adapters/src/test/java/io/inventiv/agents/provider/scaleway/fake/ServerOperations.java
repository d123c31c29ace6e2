package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** What happens to servers: creation, power actions with their delays, volumes, removal. Callers hold the lock. */
final class ServerOperations {

    private final CloudState cloud;
    private final VolumeOperations volumes;

    ServerOperations(CloudState cloud, VolumeOperations volumes) {
        this.cloud = cloud;
        this.volumes = volumes;
    }

    FakeServer create(String zone, String name, String commercialType, LocalImage image, List<String> tags,
                      boolean dynamicIpRequired, List<VolumePlan.Entry> plan) {
        FakeServer server = new FakeServer(UUID.randomUUID().toString(), zone, cloud.projectId, name, commercialType,
                image, tags, dynamicIpRequired, cloud.now(), cloud.nextSequence());
        cloud.servers.put(server.id, server);
        for (VolumePlan.Entry entry : plan) {
            server.volumes.put(entry.slot(), switch (entry) {
                case VolumePlan.Existing existing -> {
                    volumes.attach(existing.volume(), server);
                    yield block(existing.volume());
                }
                case VolumePlan.NewBlock fresh -> block(volumes.createAttached(zone, fresh.name(), fresh.size(),
                        fresh.parentSnapshotId(), server));
                case VolumePlan.Local local -> new FakeServer.AttachedVolume(UUID.randomUUID().toString(), local.volumeType(),
                        local.name(), local.size(), server.creationDate);
            });
        }
        return server;
    }

    private static FakeServer.AttachedVolume block(FakeVolume volume) {
        return new FakeServer.AttachedVolume(volume.id, "sbs_volume", volume.name, volume.size, volume.createdAt);
    }

    FakeServer get(String zone, String id) {
        FakeServer server = cloud.servers.get(id);
        if (server == null || !server.zone.equals(zone)) {
            throw ApiError.notFound("instance_server", id);
        }
        return server;
    }

    /** Newest first, the default {@code creation_date_desc} order. */
    List<FakeServer> list(String zone) {
        return cloud.servers.values().stream()
                .filter(s -> s.zone.equals(zone))
                .sorted(Comparator.comparingLong((FakeServer s) -> s.sequence).reversed())
                .toList();
    }

    /** Starts the action and answers its task; the state then moves on after the boot delay. */
    ObjectNode act(FakeServer server, String action) {
        if (!List.of("poweron", "poweroff", "stop_in_place", "reboot", "terminate", "backup", "enable_routed_ip")
                .contains(action)) {
            throw ApiError.constraint("action", "unknown action " + action);
        }
        if (!action.equals("enable_routed_ip") && !server.allowedActions().contains(action)) {
            throw ApiError.invalidRequest(action.equals("poweron") ? "server should be stopped" : "server should be running");
        }
        switch (action) {
            case "poweron" -> powerOn(server);
            case "poweroff" -> stop(server, "stopped", "stopping");
            case "stop_in_place" -> stop(server, "stopped in place", "stopping");
            case "reboot" -> reboot(server);
            case "terminate" -> terminate(server);
            default -> { }
        }
        return task(server, action);
    }

    private void powerOn(FakeServer server) {
        if (cloud.catalog.availability(server.commercialType).equals("shortage")) {
            throw ApiError.outOfStock(server.commercialType);
        }
        int generation = transition(server, "starting", "provisioning node");
        cloud.after(cloud.bootDelay, () -> finishStart(server, generation));
    }

    private void finishStart(FakeServer server, int generation) {
        if (!isCurrent(server, generation) || !server.state.equals("starting")) {
            return;
        }
        if (cloud.stuckStarting) {
            server.stuck = true;
            return;
        }
        if (server.dynamicIpRequired && server.publicIp == null) {
            server.publicIp = new FakeServer.PublicIp(UUID.randomUUID().toString(), cloud.addresses.allocate(),
                    UUID.randomUUID().toString());
        }
        transition(server, "running", "booted");
        MachineHost.RunningServer running = new MachineHost.RunningServer(server.zone, server.id, server.name,
                server.commercialType, server.publicIp == null ? null : server.publicIp.address(),
                server.userData.get("cloud-init"));
        cloud.tell(host -> host.running(running));
    }

    /** Lets every server held back by stuck starts finish booting. */
    void releaseStuck() {
        cloud.servers.values().stream()
                .filter(s -> s.stuck)
                .forEach(s -> finishStart(s, s.generation));
    }

    private void stop(FakeServer server, String finalState, String detail) {
        int generation = transition(server, "stopping", detail);
        cloud.after(cloud.bootDelay, () -> {
            if (!isCurrent(server, generation)) {
                return;
            }
            if (finalState.equals("stopped")) {
                releaseAddress(server);
            }
            transition(server, finalState, "");
            cloud.tell(host -> host.stopped(server.zone, server.id));
        });
    }

    private void reboot(FakeServer server) {
        int generation = transition(server, "running", "rebooting");
        cloud.after(cloud.bootDelay, () -> {
            if (isCurrent(server, generation)) {
                transition(server, "running", "booted");
            }
        });
    }

    private void terminate(FakeServer server) {
        int generation = transition(server, "stopping", "terminating");
        cloud.after(cloud.bootDelay, () -> {
            if (isCurrent(server, generation)) {
                remove(server);
            }
        });
    }

    private int transition(FakeServer server, String state, String detail) {
        server.state = state;
        server.stateDetail = detail;
        server.modificationDate = cloud.now();
        server.stuck = false;
        return ++server.generation;
    }

    private boolean isCurrent(FakeServer server, int generation) {
        return cloud.servers.get(server.id) == server && server.generation == generation;
    }

    /** {@code DELETE /servers/{id}}: only a stopped server can go this way. */
    void delete(FakeServer server) {
        if (!server.state.equals("stopped")) {
            throw ApiError.invalidRequest("server should be stopped");
        }
        remove(server);
    }

    /** The server goes; local volumes go with it, Block Storage volumes are only detached. */
    void remove(FakeServer server) {
        cloud.servers.remove(server.id);
        server.generation++;
        releaseAddress(server);
        server.volumes.values().stream()
                .filter(FakeServer.AttachedVolume::isBlock)
                .map(v -> cloud.volumes.get(v.id()))
                .filter(Objects::nonNull)
                .forEach(v -> volumes.detach(v, server.id));
        cloud.tell(host -> host.deleted(server.zone, server.id));
    }

    private void releaseAddress(FakeServer server) {
        if (server.publicIp != null) {
            cloud.addresses.release(server.publicIp.address());
            server.publicIp = null;
        }
    }

    void attachVolume(FakeServer server, String volumeId, String volumeType) {
        if (!"sbs_volume".equals(volumeType)) {
            // Without volume_type the Instance API looks among its own volumes, where SBS volumes are not.
            throw ApiError.notFound("instance_volume", volumeId);
        }
        FakeVolume volume = volumes.get(server.zone, volumeId);
        volumes.requireAttachable(volume);
        volumes.attach(volume, server);
        server.volumes.put(server.freeVolumeSlot(), block(volume));
        server.modificationDate = cloud.now();
    }

    void detachVolume(FakeServer server, String volumeId) {
        Map.Entry<Integer, FakeServer.AttachedVolume> slot = server.volumes.entrySet().stream()
                .filter(e -> e.getValue().id().equals(volumeId))
                .findFirst()
                .orElseThrow(() -> cloud.volumes.containsKey(volumeId)
                        ? ApiError.invalidRequest("volume " + volumeId + " is not attached to this server")
                        : ApiError.notFound("instance_volume", volumeId));
        server.volumes.remove(slot.getKey());
        server.modificationDate = cloud.now();
        FakeVolume volume = cloud.volumes.get(volumeId);
        if (volume != null) {
            volumes.detach(volume, server.id);
        }
    }

    private ObjectNode task(FakeServer server, String action) {
        ObjectNode task = Json.object();
        task.put("id", UUID.randomUUID().toString());
        task.put("description", "server_" + action);
        task.put("status", "pending");
        task.put("href_from", "/servers/" + server.id + "/action");
        task.put("href_result", "/servers/" + server.id);
        task.put("started_at", Json.instanceTime(cloud.now()));
        task.putNull("terminated_at");
        task.put("progress", 0);
        task.put("zone", server.zone);
        return Json.wrap("task", task);
    }
}
