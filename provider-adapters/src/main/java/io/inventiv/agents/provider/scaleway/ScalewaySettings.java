package io.inventiv.agents.provider.scaleway;

import io.inventiv.agents.provider.WorkerNetwork;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the platform reaches Scaleway. The adapter is on when a project is named; its secret key is read
 * from a file (never from the settings themselves, so it is in no environment dump or log).
 *
 * @param apiUrl         the API's base (Scaleway's own, or a stand-in speaking its API)
 * @param projectId      the project whose servers and volumes the platform makes and lists
 * @param secretKeyFile  a file holding the IAM secret key (also {@code SCALEWAY_SECRET_KEY_FILE})
 * @param image          the image of new servers: a marketplace label (a GPU OS with the NVIDIA driver) or an image id
 * @param rootVolumeGb   size of the boot volume
 * @param volumeIops     performance class of Block Storage volumes (5000 or 15000)
 * @param sshPort        where new servers answer SSH
 * @param requestTimeout longest wait for one answer of the API
 * @param maxAttempts    tries of one call when the API answers 429, 5xx or not at all
 * @param zones          the zones whose GPU offer is synced into the catalog
 * @param agentPort      where the worker agent listens on a server (all interfaces)
 * @param enginePort     where the engine listens on a server (all interfaces)
 */
@ConfigurationProperties("inventiv.scaleway")
public record ScalewaySettings(URI apiUrl, String projectId, String secretKeyFile, String image, Integer rootVolumeGb, Integer volumeIops,
                               Integer sshPort, Duration requestTimeout, Integer maxAttempts, List<String> zones,
                               Integer agentPort, Integer enginePort) {

    /** The zones where Scaleway sells Instances. */
    public static final List<String> ALL_ZONES = List.of("fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "nl-ams-3",
            "pl-waw-1", "pl-waw-2", "pl-waw-3", "it-mil-1");

    public ScalewaySettings {
        apiUrl = apiUrl == null ? URI.create("https://api.scaleway.com") : apiUrl;
        image = image == null || image.isBlank() ? "ubuntu_noble_gpu_os_12" : image;
        rootVolumeGb = rootVolumeGb == null ? 50 : rootVolumeGb;
        volumeIops = volumeIops == null ? 5000 : volumeIops;
        sshPort = sshPort == null ? 22 : sshPort;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        zones = zones == null || zones.isEmpty() ? ALL_ZONES : List.copyOf(zones);
        agentPort = agentPort == null ? WorkerNetwork.DEDICATED_MACHINE.agentPort() : agentPort;
        enginePort = enginePort == null ? WorkerNetwork.DEDICATED_MACHINE.enginePort() : enginePort;
    }

    public boolean configured() {
        return projectId != null && !projectId.isBlank();
    }
}
