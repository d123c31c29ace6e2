package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Block Storage (SBS) volume; only ever touched with the fake's lock held. */
final class FakeVolume {

    /** A link to the server using the volume: {@code attached}, then {@code detaching} until it goes. */
    static final class Reference {
        final String id;
        final String serverId;
        final Instant createdAt;
        String status = "attached";

        Reference(String id, String serverId, Instant createdAt) {
            this.id = id;
            this.serverId = serverId;
            this.createdAt = createdAt;
        }
    }

    final String id;
    final String zone;
    final String projectId;
    final long size;
    final int perfIops;
    final String parentSnapshotId;
    final Instant createdAt;
    final long sequence;
    final List<Reference> references = new ArrayList<>();
    String name;
    List<String> tags;
    String status;
    Instant updatedAt;
    Instant lastDetachedAt;

    FakeVolume(String id, String zone, String projectId, String name, long size, int perfIops, List<String> tags,
               String parentSnapshotId, String status, Instant createdAt, long sequence) {
        this.id = id;
        this.zone = zone;
        this.projectId = projectId;
        this.name = name;
        this.size = size;
        this.perfIops = perfIops;
        this.tags = List.copyOf(tags);
        this.parentSnapshotId = parentSnapshotId;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.sequence = sequence;
    }

    /** The bare volume, as {@code GET /block/v1/zones/{zone}/volumes/{id}} answers it. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", name);
        json.put("type", perfIops >= 15_000 ? "sbs_15k" : "sbs_5k");
        json.put("size", size);
        json.put("project_id", projectId);
        json.put("created_at", Json.blockTime(createdAt));
        json.put("updated_at", Json.blockTime(updatedAt));
        ArrayNode refs = json.putArray("references");
        for (Reference reference : references) {
            refs.addObject()
                    .put("id", reference.id)
                    .put("product_resource_type", "instance_server")
                    .put("product_resource_id", reference.serverId)
                    .put("created_at", Json.blockTime(reference.createdAt))
                    .put("type", "exclusive")
                    .put("status", reference.status);
        }
        json.put("parent_snapshot_id", parentSnapshotId);
        json.put("status", status);
        json.set("tags", Json.strings(tags));
        json.putObject("specs").put("perf_iops", perfIops).put("class", "sbs");
        json.put("last_detached_at", Json.blockTime(lastDetachedAt));
        json.put("zone", zone);
        return json;
    }

    VolumeSnapshot snapshot() {
        return new VolumeSnapshot(zone, id, name, status, size, tags,
                references.stream().map(r -> r.serverId).toList());
    }
}
