package io.inventiv.agents.provider.scaleway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderKeys;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.provider.scaleway.fake.FakeScaleway;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's contract, against a stand-in that speaks Scaleway's API as documented and recorded:
 * what the provisioning and termination sagas and the reconciler rely on, and how the adapter behaves
 * when the API throttles, fails, or keeps a server starting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalewayCloudProviderTest {

    private static final String ZONE = "fr-par-2";
    private static final String TYPE = "L4-1-24G";

    private FakeScaleway scaleway;
    private ScalewayCloudProvider provider;
    private ProviderKeys keys;
    private String tag;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        scaleway = FakeScaleway.start();
        keys = new ProviderKeys(dir.resolve("keys"));
        provider = provider(FakeScaleway.SECRET_KEY, 5);
    }

    @AfterAll
    void stop() {
        scaleway.close();
    }

    @BeforeEach
    void fresh() {
        scaleway.reset();
        scaleway.setBootDelay(Duration.ofMillis(150));
        scaleway.setVolumeDelay(Duration.ofMillis(150));
        tag = "inventiv-instance=" + UUID.randomUUID();
    }

    private ScalewayCloudProvider provider(String secret, int attempts) {
        ScalewaySettings settings = new ScalewaySettings(URI.create(scaleway.url()), FakeScaleway.PROJECT_ID, null, "ubuntu_noble_gpu_os_12", 20,
                5000, 22, Duration.ofSeconds(5), attempts, List.of("fr-par-1", "fr-par-2"), null, null);
        return new ScalewayCloudProvider(new ScalewayApi(settings.apiUrl(), secret, settings.requestTimeout(), settings.maxAttempts(),
                new ObjectMapper()), settings, keys);
    }

    private ServerSpec serverSpec() {
        return new ServerSpec(ZONE, "inventiv-test", TYPE, List.of(tag, "inventiv-platform=p1"));
    }

    private ProviderVolume availableVolume() {
        ProviderVolume volume = provider.createVolume(new VolumeSpec(ZONE, "inventiv-test-data", 40, List.of(tag)));
        await().atMost(Duration.ofSeconds(5)).until(() -> scaleway.volume(volume.id()).orElseThrow().status().equals("available"));
        return volume;
    }

    @Test
    void a_server_is_made_found_by_its_tag_given_a_volume_powered_on_with_the_platforms_key_and_deleted_with_what_it_held() {
        ProviderServer created = provider.createServer(serverSpec());
        assertThat(created.state()).isEqualTo(ProviderServer.State.STOPPED);
        assertThat(created.tags()).contains(tag);
        assertThat(provider.findServerByTag(ZONE, tag)).map(ProviderServer::id).contains(created.id());

        ProviderVolume volume = availableVolume();
        assertThat(volume.sizeGb()).isEqualTo(40);
        provider.attachVolume(ZONE, created.id(), volume.id());
        provider.attachVolume(ZONE, created.id(), volume.id());
        assertThat(provider.findVolumeByTag(ZONE, tag)).map(ProviderVolume::serverId).contains(created.id());

        provider.powerOn(ZONE, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.getServer(ZONE, created.id()).isRunningWithAddress());
        ProviderServer running = provider.getServer(ZONE, created.id());
        assertThat(running.ipAddress()).startsWith("127.0.0.");
        assertThat(running.sshPort()).isEqualTo(22);
        assertThat(scaleway.server(created.id()).orElseThrow().userData().get("cloud-init"))
                .startsWith("#!/bin/sh").contains(keys.authorizedKey("scaleway"));
        provider.powerOn(ZONE, created.id());
        assertThat(scaleway.calls("POST", "/action$")).as("a running server is not powered on twice").hasSize(1);
        assertThat(provider.listVolumes(ZONE, tag)).as("the boot volume is tagged like its server").hasSize(2);

        provider.deleteServer(ZONE, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> scaleway.server(created.id()).isEmpty());
        provider.deleteServer(ZONE, created.id());
        for (ProviderVolume left : provider.listVolumes(ZONE, tag)) {
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> provider.deleteVolume(ZONE, left.id()));
        }
        assertThat(provider.listServers(ZONE, tag)).isEmpty();
        assertThat(provider.listVolumes(ZONE, tag)).isEmpty();
        provider.deleteVolume(ZONE, volume.id());
    }

    @Test
    void a_creation_whose_answer_was_lost_is_found_again_by_its_tag_and_not_made_twice() {
        scaleway.failNextAfterApplying("POST", "/servers$", 1, 504, "gateway_timeout");

        assertThatThrownBy(() -> provider.createServer(serverSpec())).isInstanceOf(ProviderException.class);
        ProviderServer found = provider.findServerByTag(ZONE, tag).orElseThrow();

        assertThat(scaleway.calls("POST", "/servers$")).hasSize(1);
        assertThat(scaleway.servers()).singleElement().extracting(s -> s.id()).isEqualTo(found.id());
    }

    @Test
    void a_storm_of_429_is_waited_out_as_the_api_asks() {
        ProviderServer created = provider.createServer(serverSpec());
        scaleway.failNext("GET", "/servers/[^/]+$", 3, 429, "too_many_requests", 1);
        long start = System.nanoTime();

        assertThat(provider.getServer(ZONE, created.id()).id()).isEqualTo(created.id());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        assertThat(scaleway.calls("GET", "/servers/[^/]+$")).hasSize(4);
    }

    @Test
    void a_429_on_a_creation_is_tried_again_since_it_was_not_processed() {
        scaleway.failNext("POST", "/servers$", 2, 429, "too_many_requests", 0);

        provider.createServer(serverSpec());

        assertThat(scaleway.servers()).hasSize(1);
    }

    @Test
    void server_errors_are_tried_again_and_a_lasting_one_ends_in_a_clear_failure() {
        ProviderServer created = provider.createServer(serverSpec());
        scaleway.failNext("GET", "/servers/[^/]+$", 2, 503, "service_unavailable", null);
        assertThat(provider.getServer(ZONE, created.id()).id()).isEqualTo(created.id());

        scaleway.failAlways("GET", "/servers/[^/]+$", 500, "internal_error", null);
        ScalewayCloudProvider impatient = provider(FakeScaleway.SECRET_KEY, 3);
        assertThatThrownBy(() -> impatient.getServer(ZONE, created.id()))
                .isInstanceOf(ProviderException.class).hasMessageContaining("internal_error");
        assertThat(scaleway.calls("GET", "/servers/[^/]+$")).hasSize(3 + 3);
    }

    @Test
    void a_server_stuck_starting_has_no_address_and_no_ssh() {
        scaleway.stuckStarting(true);
        ProviderServer created = provider.createServer(serverSpec());
        provider.powerOn(ZONE, created.id());

        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> true);
        ProviderServer starting = provider.getServer(ZONE, created.id());
        assertThat(starting.state()).isEqualTo(ProviderServer.State.STARTING);
        assertThat(starting.isRunningWithAddress()).isFalse();
        assertThat(starting.sshPort()).isNull();
        provider.deleteServer(ZONE, created.id());
    }

    @Test
    void volumes_left_behind_by_a_terminated_server_are_still_found_by_their_tag() {
        ProviderServer created = provider.createServer(serverSpec());
        ProviderVolume data = availableVolume();
        provider.attachVolume(ZONE, created.id(), data.id());
        provider.powerOn(ZONE, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.getServer(ZONE, created.id()).isRunningWithAddress());

        scaleway.deleteServerBehindTheBack(ZONE, created.id());

        assertThatThrownBy(() -> provider.getServer(ZONE, created.id())).isInstanceOf(ProviderResourceNotFound.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> provider.listVolumes(ZONE, null).stream()
                .filter(v -> v.tags().contains(tag)).allMatch(v -> v.serverId() == null));
        assertThat(provider.listVolumes(ZONE, null).stream().filter(v -> v.tags().contains(tag))).hasSize(2);
    }

    @Test
    void the_boot_volume_of_a_server_deleted_before_it_ever_ran_is_still_found_by_its_tag() {
        ProviderServer created = provider.createServer(serverSpec());

        provider.deleteServer(ZONE, created.id());

        assertThat(scaleway.server(created.id())).isEmpty();
        List<ProviderVolume> left = provider.listVolumes(ZONE, tag);
        assertThat(left).as("Block Storage volumes outlive their server; tagged, they are not lost").hasSize(1);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> provider.deleteVolume(ZONE, left.get(0).id()));
        assertThat(provider.listVolumes(ZONE, tag)).isEmpty();
    }

    @Test
    void an_attached_volume_is_not_deleted_until_it_is_free() {
        ProviderServer created = provider.createServer(serverSpec());
        ProviderVolume data = availableVolume();
        provider.attachVolume(ZONE, created.id(), data.id());

        assertThatThrownBy(() -> provider.deleteVolume(ZONE, data.id()))
                .isInstanceOf(ProviderException.class).extracting(e -> ((ProviderException) e).type()).isEqualTo("transient_state");
        assertThat(scaleway.volume(data.id())).isPresent();
    }

    @Test
    void refusals_say_what_scaleway_said() {
        scaleway.outOfStock(TYPE);
        assertThatThrownBy(() -> provider.createServer(serverSpec()))
                .isInstanceOf(ProviderException.class).extracting(e -> ((ProviderException) e).type()).isEqualTo("out_of_stock");

        assertThatThrownBy(() -> provider("wrong-secret", 2).listServers(ZONE, null))
                .isInstanceOf(ProviderException.class).extracting(e -> ((ProviderException) e).type()).isEqualTo("denied_authentication");
        assertThatThrownBy(() -> provider.getServer(ZONE, UUID.randomUUID().toString())).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> provider.getServer(ZONE, "../../servers")).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> provider.listServers("mars-1", null)).isInstanceOf(ProviderException.class);
        provider.deleteServer(ZONE, UUID.randomUUID().toString());
        provider.deleteVolume(ZONE, UUID.randomUUID().toString());
    }

    @Test
    void the_gpu_offer_of_a_zone_is_read_with_prices_and_availability() {
        List<io.inventiv.agents.provider.InstanceOffering> offer = provider.offerings(ZONE);

        assertThat(offer).extracting(io.inventiv.agents.provider.InstanceOffering::code).contains("L4-1-24G", "H100-1-80G")
                .doesNotContain("DEV1-S", "GP1-XS");
        var l4 = offer.stream().filter(o -> o.code().equals("L4-1-24G")).findFirst().orElseThrow();
        assertThat(l4.gpuCount()).isEqualTo(1);
        assertThat(l4.vramPerGpuGb()).isEqualTo(24);
        assertThat(l4.vcpus()).isEqualTo(8);
        assertThat(l4.hourlyPriceEur()).isPositive();
        assertThat(l4.availability()).isEqualTo("available");

        scaleway.setPrice("L4-1-24G", 0.81);
        scaleway.setAvailability("L4-1-24G", "scarce");
        var repriced = provider.offerings(ZONE).stream().filter(o -> o.code().equals("L4-1-24G")).findFirst().orElseThrow();
        assertThat(repriced.hourlyPriceEur()).isEqualByComparingTo("0.81");
        assertThat(repriced.availability()).isEqualTo("scarce");
        assertThat(provider.catalogZones()).containsExactly("fr-par-1", "fr-par-2");
    }

    @Test
    void every_page_of_a_long_list_is_read() {
        for (int i = 0; i < 105; i++) {
            provider.createServer(new ServerSpec(ZONE, "many-" + i, TYPE, List.of(tag)));
        }
        assertThat(provider.listServers(ZONE, tag)).hasSize(105);
        assertThat(provider.listServers(ZONE, null)).hasSizeGreaterThanOrEqualTo(105);
    }
}
