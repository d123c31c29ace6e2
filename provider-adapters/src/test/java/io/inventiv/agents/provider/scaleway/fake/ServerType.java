package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An entry of {@code GET /products/servers}. Sizes are bytes; {@code localVolumesMaxSize} is the
 * type's {@code volumes_constraint.max_size} (0 for GPU types, which boot from Block Storage).
 */
public record ServerType(String name, double hourlyPrice, int ncpus, long ram, int gpu, String gpuName,
                         long gpuMemory, String arch, long localVolumesMaxSize, Long scratchStorageMaxSize) {

    static final long GB = 1_000_000_000L;
    static final long GIB = 1L << 30;

    public static ServerType gpu(String name, double hourlyPrice, int ncpus, int ramGib, int gpus, String gpuName,
                                 int gpuMemoryGib) {
        return new ServerType(name, hourlyPrice, ncpus, ramGib * GIB, gpus, gpuName, gpuMemoryGib * GIB,
                "x86_64", 0, null);
    }

    public static ServerType cpu(String name, double hourlyPrice, int ncpus, int ramGib, long localVolumesMaxSize) {
        return new ServerType(name, hourlyPrice, ncpus, ramGib * GIB, 0, null, 0, "x86_64", localVolumesMaxSize, null);
    }

    public ServerType withHourlyPrice(double price) {
        return new ServerType(name, price, ncpus, ram, gpu, gpuName, gpuMemory, arch, localVolumesMaxSize,
                scratchStorageMaxSize);
    }

    public ServerType withScratchStorage(long bytes) {
        return new ServerType(name, hourlyPrice, ncpus, ram, gpu, gpuName, gpuMemory, arch, localVolumesMaxSize, bytes);
    }

    /** Same field set and order as the recorded fr-par-1 catalog. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.putArray("alt_names");
        json.put("arch", arch);
        json.put("ncpus", ncpus);
        json.put("ram", ram);
        json.put("gpu", gpu);
        if (gpu > 0) {
            json.putObject("gpu_info").put("gpu_manufacturer", "NVIDIA").put("gpu_name", gpuName)
                    .put("gpu_memory", gpuMemory);
        } else {
            json.putNull("gpu_info");
        }
        json.putNull("mig_profile");
        json.putObject("volumes_constraint").put("min_size", 0).put("max_size", localVolumesMaxSize);
        boolean local = localVolumesMaxSize > 0;
        json.putObject("per_volume_constraint").putObject("l_ssd")
                .put("min_size", local ? GB : 0).put("max_size", local ? 800 * GB : 0);
        if (scratchStorageMaxSize == null) {
            json.putNull("scratch_storage_max_size");
        } else {
            json.put("scratch_storage_max_size", scratchStorageMaxSize);
        }
        json.put("monthly_price", Math.round(hourlyPrice * 730 * 10_000) / 10_000.0);
        json.put("hourly_price", hourlyPrice);
        ObjectNode capabilities = json.putObject("capabilities");
        capabilities.set("boot_types", Json.strings(List.of("local", "rescue")));
        capabilities.put("placement_groups", true).put("block_storage", true)
                .put("hot_snapshots_local_volume", local).put("private_network", 8).put("max_file_systems", 0);
        long bandwidth = gpu > 0 ? 2_500_000_000L * gpu : 100_000_000L * ncpus;
        ObjectNode network = json.putObject("network");
        network.put("ipv6_support", true).put("sum_internal_bandwidth", bandwidth).put("sum_internet_bandwidth", bandwidth);
        network.putArray("interfaces").addObject().put("internal_bandwidth", bandwidth).put("internet_bandwidth", bandwidth);
        json.put("block_bandwidth", gpu > 0 ? 1_048_576_000L : 52_428_800L * ncpus);
        json.put("end_of_service", false);
        return json;
    }
}
