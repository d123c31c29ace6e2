package io.inventiv.agents.provider.scaleway.fake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server types each zone sells, and their availability. Seeded from the recorded fr-par-1 catalog
 * and the GPU table of the reference: RENDER-S only in fr-par-1; L4 in fr-par-1, fr-par-2 and
 * pl-waw-2; L40S and H100 in fr-par-2 and pl-waw-2; H100-SXM and B300 only in fr-par-2; DEV1-S and
 * GP1-XS everywhere. Types are listed in name order, as the real API does.
 */
final class Catalog {

    static final List<ServerType> EVERYWHERE = List.of(
            ServerType.cpu("DEV1-S", 0.01368, 2, 2, 20 * ServerType.GB),
            ServerType.cpu("GP1-XS", 0.1016, 4, 16, 150 * ServerType.GB));
    static final List<ServerType> RENDER = List.of(
            new ServerType("RENDER-S", 1.2426, 10, 42 * ServerType.GIB, 1, "P100", 16 * ServerType.GIB, "x86_64",
                    400 * ServerType.GB, null));
    static final List<ServerType> L4 = List.of(
            ServerType.gpu("L4-1-24G", 0.75, 8, 48, 1, "L4", 24),
            ServerType.gpu("L4-2-24G", 1.5, 16, 96, 2, "L4", 24),
            ServerType.gpu("L4-4-24G", 3.0, 32, 192, 4, "L4", 24),
            ServerType.gpu("L4-8-24G", 6.0, 64, 384, 8, "L4", 24));
    static final List<ServerType> L40S_H100 = List.of(
            ServerType.gpu("L40S-1-48G", 1.469916, 8, 96, 1, "L40S", 48).withScratchStorage(1_600 * ServerType.GB),
            ServerType.gpu("L40S-2-48G", 2.939832, 16, 192, 2, "L40S", 48).withScratchStorage(3_200 * ServerType.GB),
            ServerType.gpu("L40S-4-48G", 5.879664, 32, 384, 4, "L40S", 48).withScratchStorage(6_400 * ServerType.GB),
            ServerType.gpu("L40S-8-48G", 11.759328, 64, 768, 8, "L40S", 48).withScratchStorage(12_800 * ServerType.GB),
            ServerType.gpu("H100-1-80G", 2.8665, 24, 240, 1, "H100-PCIe", 80).withScratchStorage(3_000 * ServerType.GB),
            ServerType.gpu("H100-2-80G", 5.733, 48, 480, 2, "H100-PCIe", 80).withScratchStorage(6_000 * ServerType.GB));
    static final List<ServerType> SXM = List.of(
            ServerType.gpu("H100-SXM-2-80G", 6.3327, 32, 240, 2, "H100-SXM", 80),
            ServerType.gpu("H100-SXM-4-80G", 12.6654, 64, 480, 4, "H100-SXM", 80),
            ServerType.gpu("H100-SXM-8-80G", 25.3308, 128, 960, 8, "H100-SXM", 80),
            ServerType.gpu("B300-SXM-8-288G", 60.0, 224, 3_840, 8, "B300", 288));

    private final Map<String, TreeMap<String, ServerType>> byZone = new HashMap<>();
    private final Map<String, String> availability = new HashMap<>();

    static Catalog seeded() {
        Catalog catalog = new Catalog();
        Zones.ALL.forEach(zone -> EVERYWHERE.forEach(type -> catalog.add(zone, type)));
        RENDER.forEach(type -> catalog.add("fr-par-1", type));
        for (String zone : List.of("fr-par-1", "fr-par-2", "pl-waw-2")) {
            L4.forEach(type -> catalog.add(zone, type));
        }
        for (String zone : List.of("fr-par-2", "pl-waw-2")) {
            L40S_H100.forEach(type -> catalog.add(zone, type));
        }
        SXM.forEach(type -> catalog.add("fr-par-2", type));
        return catalog;
    }

    void add(String zone, ServerType type) {
        Zones.require(zone);
        byZone.computeIfAbsent(zone, z -> new TreeMap<>()).put(type.name(), type);
    }

    List<ServerType> list(String zone) {
        return List.copyOf(byZone.getOrDefault(zone, new TreeMap<>()).values());
    }

    Optional<ServerType> find(String zone, String name) {
        return Optional.ofNullable(byZone.getOrDefault(zone, new TreeMap<>()).get(name));
    }

    /** Changes the price wherever the type is sold; false when no zone sells it. */
    boolean setPrice(String name, double hourlyPrice) {
        boolean found = false;
        for (TreeMap<String, ServerType> types : byZone.values()) {
            ServerType type = types.get(name);
            if (type != null) {
                types.put(name, type.withHourlyPrice(hourlyPrice));
                found = true;
            }
        }
        return found;
    }

    /** {@code available}, {@code scarce} or {@code shortage}; a type in shortage cannot be created. */
    String availability(String name) {
        return availability.getOrDefault(name, "available");
    }

    void setAvailability(String name, String value) {
        availability.put(name, value);
    }
}
