package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code volumes} map of {@code POST /servers} ({@code {"0":{...},"1":{...}}}) into what to
 * attach or make, checking everything before anything changes. Without slot 0 the root volume comes
 * from the image: on Block Storage for an {@code instance_sbs} image, named like the real one
 * ({@code "<image name>_sbs_volume_0"}), else on local {@code l_ssd}, which GPU types refuse.
 */
final class VolumePlan {

    sealed interface Entry permits Existing, NewBlock, Local {
        int slot();
    }

    record Existing(int slot, FakeVolume volume) implements Entry {}

    record NewBlock(int slot, String name, long size, String parentSnapshotId) implements Entry {}

    record Local(int slot, String volumeType, String name, long size) implements Entry {}

    private VolumePlan() {}

    static List<Entry> read(JsonNode volumes, LocalImage image, ServerType type, String zone,
                            VolumeOperations blockVolumes) {
        Map<Integer, JsonNode> slots = slots(volumes);
        if (!slots.containsKey(0)) {
            slots.put(0, Json.object());
        }
        List<Entry> plan = new ArrayList<>();
        slots.forEach((slot, spec) -> plan.add(entry(slot, spec, image, zone, blockVolumes)));
        long local = plan.stream().filter(e -> e instanceof Local l && l.volumeType().equals("l_ssd"))
                .mapToLong(e -> ((Local) e).size()).sum();
        if (local > type.localVolumesMaxSize()) {
            throw ApiError.invalidRequest("The total size of local-volume(s) must be equal or below "
                    + type.localVolumesMaxSize() + " bytes for " + type.name() + ", use sbs_volume instead");
        }
        return plan;
    }

    private static Map<Integer, JsonNode> slots(JsonNode volumes) {
        Map<Integer, JsonNode> slots = new TreeMap<>();
        if (volumes == null || volumes.isNull()) {
            return slots;
        }
        if (!volumes.isObject()) {
            throw ApiError.constraint("volumes", "must be a map of volume templates keyed \"0\", \"1\"...");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = volumes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            try {
                slots.put(Integer.parseInt(field.getKey()), field.getValue());
            } catch (NumberFormatException e) {
                throw ApiError.constraint("volumes." + field.getKey(), "keys must be \"0\", \"1\"...");
            }
        }
        return slots;
    }

    private static Entry entry(int slot, JsonNode spec, LocalImage image, String zone, VolumeOperations blockVolumes) {
        String argument = "volumes." + slot;
        String volumeType = spec.path("volume_type").asText(
                image.bootsFromBlockStorage() ? "sbs_volume" : "l_ssd");
        if (spec.hasNonNull("base_snapshot")) {
            throw ApiError.notFound("snapshot", spec.get("base_snapshot").asText());
        }
        if (spec.hasNonNull("id")) {
            String id = spec.get("id").asText();
            if (!volumeType.equals("sbs_volume")) {
                throw ApiError.notFound("instance_volume", id);
            }
            FakeVolume volume = blockVolumes.get(zone, id);
            blockVolumes.requireAttachable(volume);
            return new Existing(slot, volume);
        }
        long size = spec.hasNonNull("size") ? spec.get("size").asLong() : slot == 0 ? image.rootVolumeSize() : -1;
        if (size < 0) {
            throw ApiError.required(argument + ".size");
        }
        String name = spec.hasNonNull("name") ? spec.get("name").asText() : image.name() + "_" + volumeType + "_" + slot;
        return switch (volumeType) {
            case "sbs_volume" -> {
                VolumeOperations.requireSize(argument + ".size", size);
                yield new NewBlock(slot, name, size, slot == 0 ? image.rootSnapshotId() : null);
            }
            case "l_ssd", "scratch" -> new Local(slot, volumeType, name, size);
            default -> throw ApiError.constraint(argument + ".volume_type", "must be sbs_volume, l_ssd or scratch");
        };
    }
}
