package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** An Instance server; only ever touched with the fake's lock held. */
final class FakeServer {

    /** A volume in the server's {@code volumes} map: a Block Storage volume, or a local {@code l_ssd} one. */
    record AttachedVolume(String id, String volumeType, String name, long size, Instant createdAt) {

        boolean isBlock() {
            return volumeType.equals("sbs_volume");
        }
    }

    record PublicIp(String id, String address, String ipamId) {}

    final String id;
    final String zone;
    final String project;
    final String commercialType;
    final LocalImage image;
    final boolean dynamicIpRequired;
    final Instant creationDate;
    final long sequence;
    final String macAddress;
    final String securityGroupId;
    final TreeMap<Integer, AttachedVolume> volumes = new TreeMap<>();
    final TreeMap<String, String> userData = new TreeMap<>();
    String name;
    List<String> tags;
    Instant modificationDate;
    String state = "stopped";
    String stateDetail = "";
    PublicIp publicIp;
    /** Bumped by every transition, so that a delayed step of an earlier one does nothing. */
    int generation;
    /** Powered on while starts were stuck: waits in {@code starting} until they are released. */
    boolean stuck;

    FakeServer(String id, String zone, String project, String name, String commercialType, LocalImage image,
               List<String> tags, boolean dynamicIpRequired, Instant creationDate, long sequence) {
        this.id = id;
        this.zone = zone;
        this.project = project;
        this.name = name;
        this.commercialType = commercialType;
        this.image = image;
        this.tags = List.copyOf(tags);
        this.dynamicIpRequired = dynamicIpRequired;
        this.creationDate = creationDate;
        this.modificationDate = creationDate;
        this.sequence = sequence;
        this.macAddress = String.format("de:00:00:%02x:%02x:%02x", sequence >> 16 & 0xff, sequence >> 8 & 0xff,
                sequence & 0xff);
        this.securityGroupId = UUID.nameUUIDFromBytes(("security-group/" + zone).getBytes(StandardCharsets.UTF_8)).toString();
    }

    int freeVolumeSlot() {
        int slot = 0;
        while (volumes.containsKey(slot)) {
            slot++;
        }
        return slot;
    }

    List<String> allowedActions() {
        return switch (state) {
            case "stopped" -> List.of("poweron", "backup");
            case "starting" -> List.of("poweroff", "terminate");
            case "running" -> List.of("poweroff", "terminate", "reboot", "stop_in_place", "backup");
            case "stopped in place" -> List.of("poweron", "poweroff", "terminate", "backup");
            default -> List.of();
        };
    }

    /** Same field set and order as the recorded servers. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", name);
        json.put("arch", image.arch());
        json.put("commercial_type", commercialType);
        json.put("boot_type", "local");
        json.put("organization", project);
        json.put("project", project);
        json.put("hostname", name.toLowerCase().replaceAll("[^a-z0-9-]", "-"));
        json.set("image", image.toServerJson());
        ObjectNode volumeMap = json.putObject("volumes");
        volumes.forEach((slot, volume) -> volumeMap.set(slot.toString(), volumeJson(volume)));
        json.set("tags", Json.strings(tags));
        json.put("state", state);
        json.put("protected", false);
        json.put("state_detail", stateDetail);
        if (publicIp == null) {
            json.putNull("public_ip");
            json.putArray("public_ips");
        } else {
            json.set("public_ip", publicIpJson());
            json.putArray("public_ips").add(publicIpJson());
        }
        json.put("mac_address", macAddress);
        json.put("routed_ip_enabled", true);
        json.putNull("ipv6");
        json.putArray("extra_networks");
        json.put("dynamic_ip_required", dynamicIpRequired);
        json.put("enable_ipv6", false);
        json.putNull("private_ip");
        json.put("creation_date", Json.instanceTime(creationDate));
        json.put("modification_date", Json.instanceTime(modificationDate));
        json.putNull("bootscript");
        json.putObject("security_group").put("id", securityGroupId).put("name", "Default security group");
        if (state.equals("running") || state.equals("starting") || state.equals("stopping")) {
            json.putObject("location").put("cluster_id", "38").put("hypervisor_id", "1002").put("node_id", "3")
                    .put("platform_id", "14").put("zone_id", zone.replace("-", "").substring(0, 5));
        } else {
            json.putNull("location");
        }
        json.putArray("maintenances");
        json.set("allowed_actions", Json.strings(allowedActions()));
        json.putNull("placement_group");
        json.putArray("private_nics");
        json.put("zone", zone);
        json.putArray("filesystems");
        json.put("end_of_service", false);
        return json;
    }

    private ObjectNode volumeJson(AttachedVolume volume) {
        ObjectNode json = Json.object();
        json.put("boot", false);
        if (volume.isBlock()) {
            json.put("volume_type", "sbs_volume");
            json.put("id", volume.id());
            json.put("zone", zone);
            return json;
        }
        json.put("id", volume.id());
        json.put("name", volume.name());
        json.put("volume_type", volume.volumeType());
        json.putNull("export_uri");
        json.put("organization", project);
        json.put("project", project);
        json.putObject("server").put("id", id).put("name", name);
        json.put("size", volume.size());
        json.put("state", "available");
        json.put("creation_date", Json.instanceTime(volume.createdAt()));
        json.put("modification_date", Json.instanceTime(volume.createdAt()));
        json.putArray("tags");
        json.put("zone", zone);
        return json;
    }

    private ObjectNode publicIpJson() {
        ObjectNode json = Json.object();
        json.put("id", publicIp.id());
        json.put("address", publicIp.address());
        json.put("dynamic", true);
        json.put("gateway", "62.210.0.1");
        json.put("netmask", "32");
        json.put("family", "inet");
        json.put("provisioning_mode", "dhcp");
        json.putArray("tags");
        json.put("state", "attached");
        json.put("ipam_id", publicIp.ipamId());
        return json;
    }

    ServerSnapshot snapshot() {
        return new ServerSnapshot(zone, id, name, commercialType, state, tags,
                publicIp == null ? null : publicIp.address(),
                volumes.values().stream().map(AttachedVolume::id).toList(), Map.copyOf(userData));
    }
}
