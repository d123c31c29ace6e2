package io.inventiv.agents.provider.scaleway.fake;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What happens to Block Storage volumes. Callers hold the lock. */
final class VolumeOperations {

    static final long MIN_SIZE = 1_000_000_000L;
    static final long MAX_SIZE = 10_000_000_000_000L;

    private final CloudState cloud;

    VolumeOperations(CloudState cloud) {
        this.cloud = cloud;
    }

    /** A new volume is {@code creating} for the volume delay, then {@code available}. */
    FakeVolume create(String zone, String name, long size, int perfIops, List<String> tags) {
        FakeVolume volume = add(zone, name, size, perfIops, tags, null, "creating");
        cloud.after(cloud.volumeDelay, () -> {
            if (volume.status.equals("creating")) {
                volume.status = "available";
                volume.updatedAt = cloud.now();
            }
        });
        return volume;
    }

    /** A volume made by {@code POST /servers}, attached at once. */
    FakeVolume createAttached(String zone, String name, long size, String parentSnapshotId, FakeServer server) {
        FakeVolume volume = add(zone, name, size, 5_000, List.of(), parentSnapshotId, "available");
        attach(volume, server);
        return volume;
    }

    private FakeVolume add(String zone, String name, long size, int perfIops, List<String> tags,
                           String parentSnapshotId, String status) {
        FakeVolume volume = new FakeVolume(UUID.randomUUID().toString(), zone, cloud.projectId, name, size, perfIops,
                tags, parentSnapshotId, status, cloud.now(), cloud.nextSequence());
        cloud.volumes.put(volume.id, volume);
        return volume;
    }

    static void requireSize(String argument, long size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw ApiError.constraint(argument, "size must be between 1 GB and 10 TB, in bytes");
        }
    }

    FakeVolume get(String zone, String id) {
        FakeVolume volume = cloud.volumes.get(id);
        if (volume == null || !volume.zone.equals(zone)) {
            throw ApiError.notFound("volume", id);
        }
        return volume;
    }

    /** Oldest first: the Block API's default order is {@code created_at_asc}. */
    List<FakeVolume> list(String zone) {
        return cloud.volumes.values().stream()
                .filter(v -> v.zone.equals(zone))
                .sorted(Comparator.comparingLong(v -> v.sequence))
                .toList();
    }

    void requireAttachable(FakeVolume volume) {
        switch (volume.status) {
            case "available" -> { }
            case "in_use" -> throw ApiError.invalidRequest("volume " + volume.id + " is already attached to a server");
            default -> throw ApiError.transientState("volume", volume.id, volume.status);
        }
    }

    void attach(FakeVolume volume, FakeServer server) {
        volume.references.add(new FakeVolume.Reference(UUID.randomUUID().toString(), server.id, cloud.now()));
        volume.status = "in_use";
        volume.updatedAt = cloud.now();
    }

    /** The reference stays {@code detaching} (volume still {@code in_use}) for the volume delay, as recorded. */
    void detach(FakeVolume volume, String serverId) {
        volume.references.stream().filter(r -> r.serverId.equals(serverId)).forEach(r -> r.status = "detaching");
        volume.updatedAt = cloud.now();
        cloud.after(cloud.volumeDelay, () -> {
            if (volume.references.removeIf(r -> r.serverId.equals(serverId)) && volume.references.isEmpty()) {
                volume.status = "available";
                volume.updatedAt = cloud.now();
                volume.lastDetachedAt = volume.updatedAt;
            }
        });
    }

    void delete(FakeVolume volume) {
        switch (volume.status) {
            case "available", "error" -> cloud.volumes.remove(volume.id);
            case "in_use" -> throw ApiError.stillInUse("volume is attached to a server, detach it first");
            default -> throw ApiError.transientState("volume", volume.id, volume.status);
        }
    }
}
