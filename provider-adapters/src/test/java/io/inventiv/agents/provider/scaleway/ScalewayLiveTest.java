package io.inventiv.agents.provider.scaleway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.provider.ProviderKeys;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter against the real Scaleway API, when a project is given (skipped otherwise): a small CPU
 * server and a 1 GB volume are made, found by their tag, attached, and everything is deleted again.
 * The server is never powered on, so the run costs only minutes of storage.
 */
@EnabledIfEnvironmentVariable(named = "INVENTIV_SCALEWAY_LIVE_PROJECT_ID", matches = ".+")
class ScalewayLiveTest {

    @Test
    void a_server_and_a_volume_are_made_found_attached_and_deleted(@TempDir Path dir) {
        String zone = System.getenv().getOrDefault("INVENTIV_SCALEWAY_LIVE_ZONE", "fr-par-1");
        ScalewaySettings settings = new ScalewaySettings(URI.create(System.getenv().getOrDefault("INVENTIV_SCALEWAY_API_URL", "https://api.scaleway.com")),
                System.getenv("INVENTIV_SCALEWAY_LIVE_PROJECT_ID"), null, System.getenv().getOrDefault("INVENTIV_SCALEWAY_LIVE_IMAGE", "ubuntu_noble"),
                10, 5000, 22, Duration.ofSeconds(30), 5, List.of(zone), null, null);
        ScalewayCloudProvider scaleway = ScalewayCloudProvider.connect(settings, ScalewayConfiguration.readSecret(System.getenv("SCALEWAY_SECRET_KEY_FILE")),
                new ProviderKeys(dir), new ObjectMapper());
        String tag = "inventiv-instance=" + UUID.randomUUID();
        List<String> volumes = new ArrayList<>();
        ProviderServer server = scaleway.createServer(new ServerSpec(zone, "inventiv-live-test", "DEV1-S", List.of(tag)));
        try {
            assertThat(scaleway.findServerByTag(zone, tag)).map(ProviderServer::id).contains(server.id());
            volumes.addAll(scaleway.getServer(zone, server.id()).volumeIds());
            ProviderVolume data = scaleway.createVolume(new VolumeSpec(zone, "inventiv-live-test-data", 1, List.of(tag)));
            volumes.add(data.id());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> scaleway.attachVolume(zone, server.id(), data.id()));
            assertThat(scaleway.findVolumeByTag(zone, tag)).map(ProviderVolume::serverId).contains(server.id());
        } finally {
            scaleway.deleteServer(zone, server.id());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() -> {
                for (String volume : volumes) {
                    scaleway.deleteVolume(zone, volume);
                }
            });
        }
        assertThat(scaleway.listServers(zone, tag)).isEmpty();
        assertThat(scaleway.listVolumes(zone, tag)).isEmpty();
    }
}
