package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A marketplace image in one zone. {@code type} is {@code instance_sbs} (root volume on Block Storage,
 * the only kind GPU types can boot) or {@code instance_local} (root volume on local {@code l_ssd}).
 */
record LocalImage(String id, String label, String name, String arch, String zone, String type,
                  List<String> compatibleCommercialTypes, long rootVolumeSize, String rootSnapshotId) {

    private static final String SCALEWAY_ORGANIZATION = "51b656e3-4865-41e8-adbc-0c45bdd780db";
    private static final Instant PUBLISHED = Instant.parse("2025-06-25T15:47:39.547126Z");

    boolean bootsFromBlockStorage() {
        return type.equals("instance_sbs");
    }

    ObjectNode toMarketplaceJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("arch", arch);
        json.put("zone", zone);
        json.set("compatible_commercial_types", Json.strings(compatibleCommercialTypes));
        json.put("label", label);
        json.put("type", type);
        return json;
    }

    /** The {@code image} field of a server. */
    ObjectNode toServerJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", name);
        json.put("organization", SCALEWAY_ORGANIZATION);
        json.put("project", SCALEWAY_ORGANIZATION);
        ObjectNode root = json.putObject("root_volume");
        root.put("id", rootSnapshotId);
        root.put("name", name);
        root.put("volume_type", bootsFromBlockStorage() ? "sbs_snapshot" : "l_ssd");
        root.put("size", bootsFromBlockStorage() ? 0 : rootVolumeSize);
        json.putObject("extra_volumes");
        json.put("public", true);
        json.put("arch", arch);
        json.put("creation_date", Json.instanceTime(PUBLISHED));
        json.put("modification_date", Json.instanceTime(PUBLISHED));
        json.putNull("default_bootscript");
        json.put("from_server", "");
        json.put("state", "available");
        json.putArray("tags");
        json.put("zone", zone);
        return json;
    }
}
