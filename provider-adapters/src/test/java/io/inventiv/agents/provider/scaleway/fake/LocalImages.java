package io.inventiv.agents.provider.scaleway.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The marketplace images of every zone: {@code ubuntu_noble_gpu_os_12} (NVIDIA driver preinstalled,
 * Block Storage root) and {@code ubuntu_jammy} in both its local and Block Storage flavours. Ids are
 * stable per zone, so a test may write them down.
 */
final class LocalImages {

    private final List<LocalImage> images = new ArrayList<>();

    LocalImages() {
        List<String> cpu = Catalog.EVERYWHERE.stream().map(ServerType::name).toList();
        List<String> gpu = Stream.of(Catalog.RENDER, Catalog.L4, Catalog.L40S_H100, Catalog.SXM)
                .flatMap(List::stream).map(ServerType::name).toList();
        List<String> localCapable = Stream.concat(cpu.stream(), Stream.of("RENDER-S")).toList();
        List<String> all = Stream.concat(cpu.stream(), gpu.stream()).toList();
        for (String zone : Zones.ALL) {
            images.add(image(zone, "ubuntu_noble_gpu_os_12", "Ubuntu Noble GPU OS 12", "instance_sbs", gpu,
                    20 * ServerType.GB));
            images.add(image(zone, "ubuntu_jammy", "Ubuntu 22.04 Jammy Jellyfish", "instance_local", localCapable,
                    10 * ServerType.GB));
            images.add(image(zone, "ubuntu_jammy", "Ubuntu 22.04 Jammy Jellyfish", "instance_sbs", all,
                    10 * ServerType.GB));
        }
    }

    private static LocalImage image(String zone, String label, String name, String type, List<String> compatible,
                                    long rootSize) {
        return new LocalImage(stableId(zone, label, type), label, name, "x86_64", zone, type, compatible, rootSize,
                stableId(zone, label, type + "/root"));
    }

    /** The id the fake gives an image, e.g. for a test that passes it to {@code POST /servers}. */
    static String stableId(String zone, String label, String type) {
        return UUID.nameUUIDFromBytes((zone + "/" + label + "/" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code type} absent or {@code unknown_type} means any type, as the SDK sends it. */
    List<LocalImage> find(Optional<String> zone, Optional<String> label, Optional<String> type) {
        return images.stream()
                .filter(i -> zone.map(i.zone()::equals).orElse(true))
                .filter(i -> label.map(i.label()::equals).orElse(true))
                .filter(i -> type.filter(t -> !t.equals("unknown_type")).map(i.type()::equals).orElse(true))
                .toList();
    }

    Optional<LocalImage> byId(String id) {
        return images.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /**
     * What {@code POST /servers} accepts as {@code image}: an image id of that zone, or a label, which
     * resolves to the Block Storage flavour when there is one.
     */
    Optional<LocalImage> resolve(String zone, String idOrLabel) {
        Optional<LocalImage> byId = byId(idOrLabel).filter(i -> i.zone().equals(zone));
        if (byId.isPresent()) {
            return byId;
        }
        List<LocalImage> labelled = find(Optional.of(zone), Optional.of(idOrLabel), Optional.empty());
        return labelled.stream().filter(LocalImage::bootsFromBlockStorage).findFirst()
                .or(() -> labelled.stream().findFirst());
    }
}
