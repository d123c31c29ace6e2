package io.inventiv.agents.provider;

import java.util.List;
import java.util.Optional;

/**
 * What the platform asks of a cloud. Every call is safe to repeat: creations are found again by their
 * tag, deletions of what is already gone succeed. Failures are {@link ProviderException}s that say
 * whether trying again may help.
 */
public interface CloudProvider {

    /** The provider's code in the catalog, for example {@code local} or {@code scaleway}. */
    String code();

    Optional<ProviderServer> findServerByTag(String zone, String tag);

    ProviderServer createServer(ServerSpec spec);

    /** @throws ProviderResourceNotFound when the server does not exist (any more) */
    ProviderServer getServer(String zone, String serverId);

    void powerOn(String zone, String serverId);

    void deleteServer(String zone, String serverId);

    Optional<ProviderVolume> findVolumeByTag(String zone, String tag);

    ProviderVolume createVolume(VolumeSpec spec);

    void attachVolume(String zone, String serverId, String volumeId);

    void deleteVolume(String zone, String volumeId);

    List<ProviderServer> listServers(String zone, String tag);

    List<ProviderVolume> listVolumes(String zone, String tag);

    /** How the provider is shown in the catalog. */
    default String displayName() {
        return code();
    }

    /** The region a zone belongs to (zones are named after their region, e.g. {@code fr-par-2} in {@code fr-par}). */
    default String regionOf(String zone) {
        int dash = zone.lastIndexOf('-');
        return dash > 0 ? zone.substring(0, dash) : zone;
    }

    /** How a region is shown in the catalog. */
    default String regionName(String region) {
        return region;
    }

    /** The zones whose offer the catalog is synced from; none: this provider's catalog is kept by hand. */
    default List<String> catalogZones() {
        return List.of();
    }

    /** The GPU machine types sold in a zone, with their prices now. */
    default List<InstanceOffering> offerings(String zone) {
        return List.of();
    }

    /** How a worker listens on this provider's machines. */
    default WorkerNetwork workerNetwork() {
        return WorkerNetwork.DEDICATED_MACHINE;
    }

    /** The user the platform logs in as over SSH. */
    default String sshUser() {
        return "root";
    }
}
