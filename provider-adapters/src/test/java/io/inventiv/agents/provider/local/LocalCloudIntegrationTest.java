package io.inventiv.agents.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderServer.State;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.provider.local.LocalCloudFaults.Mode;
import io.inventiv.agents.provider.local.LocalCloudFaults.Operation;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The simulated cloud against a real PostgreSQL (a fresh database on the embedded server), through its
 * Java port and through its HTTP console. Every test works in zones and tags of its own, so that what
 * other tests left behind in the shared database never matters.
 */
@SpringBootTest(classes = LocalCloudIntegrationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "inventiv.local-cloud.api-latency=0ms",
                "inventiv.local-cloud.boot-time=1s"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class LocalCloudIntegrationTest {

    private static final Duration BOOT_TIME = Duration.ofSeconds(1);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @SpringBootApplication
    static class App {

        @org.springframework.context.annotation.Bean
        io.inventiv.agents.support.security.CallerResolver callers() {
            return io.inventiv.agents.support.security.TestCallers.everyoneIsPlatformAdmin();
        }
    }

    @org.springframework.test.context.DynamicPropertySource
    static void dataDirectory(org.springframework.test.context.DynamicPropertyRegistry registry) throws java.io.IOException {
        String dir = java.nio.file.Files.createTempDirectory("local-cloud").toString();
        registry.add("inventiv.data.dir", () -> dir);
    }

    @Autowired LocalCloudProvider cloud;
    @Autowired io.inventiv.agents.provider.ProviderKeys keys;
    @Autowired LocalCloudFaults faults;
    @Autowired CloudProviders providers;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestRestTemplate http;

    @BeforeEach
    void clearFaults() {
        faults.clear();
    }

    private static String zone() {
        return "zz-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String tag(String prefix) {
        return prefix + "=" + UUID.randomUUID();
    }

    private ProviderServer server(String zone, String... tags) {
        return cloud.createServer(new ServerSpec(zone, "srv-" + UUID.randomUUID().toString().substring(0, 6), "L4-1-24G", List.of(tags)));
    }

    private ProviderVolume volume(String zone, String... tags) {
        return cloud.createVolume(new VolumeSpec(zone, "vol-" + UUID.randomUUID().toString().substring(0, 6), 100, List.of(tags)));
    }

    private State state(String zone, String id) {
        return cloud.getServer(zone, id).state();
    }

    // ---- Wiring ----

    @Test
    void the_local_provider_is_registered_under_the_code_local() {
        CloudProvider local = providers.get("local");

        assertThat(local).isSameAs(cloud);
        assertThat(local.code()).isEqualTo(LocalCloudProvider.CODE).isEqualTo("local");
    }

    @Test
    void the_flyway_migration_creates_the_local_cloud_schema() {
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success", String.class)).contains("4.1");
        assertThat(jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'local_cloud' order by table_name", String.class))
                .containsExactly("servers", "volumes");
    }

    // ---- Servers ----

    @Test
    void a_created_server_is_stopped_without_address_and_carries_its_spec() {
        String zone = zone();
        String tag = tag("instance");

        ProviderServer created = cloud.createServer(new ServerSpec(zone, "gpu-1", "H100-1-80G", List.of(tag, "env=test")));

        assertThat(created.id()).isNotBlank();
        assertThat(UUID.fromString(created.id())).isNotNull();
        assertThat(created.state()).isEqualTo(State.STOPPED);
        assertThat(created.ipAddress()).isNull();
        assertThat(created.isRunningWithAddress()).isFalse();
        assertThat(created.name()).isEqualTo("gpu-1");
        assertThat(created.zone()).isEqualTo(zone);
        assertThat(created.commercialType()).isEqualTo("H100-1-80G");
        assertThat(created.tags()).containsExactly(tag, "env=test");
        assertThat(created.volumeIds()).isEmpty();
        assertThat(created.createdAt()).isNotNull();
        assertThat(cloud.getServer(zone, created.id())).isEqualTo(created);
    }

    @Test
    void a_created_server_is_listed_by_zone_and_by_tag() {
        String zone = zone();
        String otherZone = zone();
        String tag = tag("instance");
        ProviderServer tagged = server(zone, tag);
        ProviderServer untagged = server(zone, tag("instance"));
        ProviderServer elsewhere = server(otherZone, tag);

        assertThat(cloud.listServers(zone, null)).extracting(ProviderServer::id).containsExactly(tagged.id(), untagged.id());
        assertThat(cloud.listServers(null, tag)).extracting(ProviderServer::id).containsExactlyInAnyOrder(tagged.id(), elsewhere.id());
        assertThat(cloud.listServers(zone, tag)).extracting(ProviderServer::id).containsExactly(tagged.id());
        assertThat(cloud.listServers(otherZone, tag)).extracting(ProviderServer::id).containsExactly(elsewhere.id());
        assertThat(cloud.listServers(zone(), null)).isEmpty();
        assertThat(cloud.listServers(null, null)).extracting(ProviderServer::id).contains(tagged.id(), untagged.id(), elsewhere.id());
    }

    @Test
    void a_server_is_found_again_by_its_tag_in_its_zone_only() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer created = server(zone, tag, "env=test");

        assertThat(cloud.findServerByTag(zone, tag)).contains(created);
        assertThat(cloud.findServerByTag(zone, tag("instance"))).isEmpty();
        assertThat(cloud.findServerByTag(zone(), tag)).isEmpty();
    }

    @Test
    void power_on_makes_a_server_starting_then_running_with_an_address_after_the_boot_time() {
        String zone = zone();
        ProviderServer created = server(zone);
        long poweredAt = System.nanoTime();

        cloud.powerOn(zone, created.id());

        ProviderServer starting = cloud.getServer(zone, created.id());
        assertThat(starting.state()).isEqualTo(State.STARTING);
        assertThat(starting.ipAddress()).isNull();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25))
                .until(() -> state(zone, created.id()) == State.RUNNING);
        assertThat(Duration.ofNanos(System.nanoTime() - poweredAt)).isGreaterThanOrEqualTo(BOOT_TIME.minusMillis(50));
        ProviderServer running = cloud.getServer(zone, created.id());
        assertThat(running.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(running.isRunningWithAddress()).isTrue();
    }

    @Test
    void running_servers_get_distinct_ssh_endpoints() {
        String zone = zone();
        ProviderServer a = server(zone);
        ProviderServer b = server(zone);
        cloud.powerOn(zone, a.id());
        cloud.powerOn(zone, b.id());

        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.getServer(zone, a.id()).sshPort() != null
                && cloud.getServer(zone, b.id()).sshPort() != null);

        assertThat(cloud.getServer(zone, a.id()).sshPort()).isNotEqualTo(cloud.getServer(zone, b.id()).sshPort());
    }

    @Test
    void power_on_of_a_running_server_is_a_no_op() {
        String zone = zone();
        ProviderServer created = server(zone);
        cloud.powerOn(zone, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> state(zone, created.id()) == State.RUNNING);
        ProviderServer running = cloud.getServer(zone, created.id());
        Object poweredOnAt = jdbc.queryForObject("select powered_on_at from local_cloud.servers where id = ?::uuid", Object.class, created.id());

        cloud.powerOn(zone, created.id());

        assertThat(cloud.getServer(zone, created.id())).isEqualTo(running);
        assertThat(jdbc.queryForObject("select powered_on_at from local_cloud.servers where id = ?::uuid", Object.class, created.id()))
                .isEqualTo(poweredOnAt);
    }

    @Test
    void power_on_of_a_running_server_does_not_use_up_a_fault() {
        String zone = zone();
        ProviderServer created = server(zone);
        cloud.powerOn(zone, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> state(zone, created.id()) == State.RUNNING);
        faults.add(Operation.POWER_ON, zone, Mode.FAIL, 1, null);

        assertThatCode(() -> cloud.powerOn(zone, created.id())).doesNotThrowAnyException();

        assertThat(faults.list()).hasSize(1);
    }

    @Test
    void power_on_of_an_unknown_server_is_not_found() {
        assertThatThrownBy(() -> cloud.powerOn(zone(), UUID.randomUUID().toString()))
                .isInstanceOf(ProviderResourceNotFound.class);
    }

    @Test
    void get_server_of_an_unknown_id_is_not_found() {
        String id = UUID.randomUUID().toString();

        assertThatThrownBy(() -> cloud.getServer(zone(), id))
                .isInstanceOf(ProviderResourceNotFound.class)
                .hasMessageContaining(id)
                .satisfies(e -> assertThat(((ProviderException) e).type()).isEqualTo("not_found"));
    }

    @Test
    void get_server_of_a_garbage_id_is_not_found() {
        assertThatThrownBy(() -> cloud.getServer(zone(), "not-a-uuid")).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.getServer(zone(), "")).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.getServer(zone(), null)).isInstanceOf(ProviderResourceNotFound.class);
    }

    @Test
    void get_server_in_another_zone_is_not_found() {
        ProviderServer created = server(zone());

        assertThatThrownBy(() -> cloud.getServer(zone(), created.id())).isInstanceOf(ProviderResourceNotFound.class);
    }

    @Test
    void a_deleted_server_is_gone() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer created = server(zone, tag);

        cloud.deleteServer(zone, created.id());

        assertThatThrownBy(() -> cloud.getServer(zone, created.id())).isInstanceOf(ProviderResourceNotFound.class);
        assertThat(cloud.findServerByTag(zone, tag)).isEmpty();
        assertThat(cloud.listServers(zone, null)).isEmpty();
    }

    @Test
    void deleting_a_server_twice_is_fine() {
        String zone = zone();
        ProviderServer created = server(zone);
        cloud.deleteServer(zone, created.id());

        assertThatCode(() -> cloud.deleteServer(zone, created.id())).doesNotThrowAnyException();
        assertThatCode(() -> cloud.deleteServer(zone, UUID.randomUUID().toString())).doesNotThrowAnyException();
    }

    @Test
    void a_server_is_stored_in_postgresql() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer created = cloud.createServer(new ServerSpec(zone, "persisted", "L40S-1-48G", List.of(tag)));

        Map<String, Object> row = jdbc.queryForMap(
                "select id::text as id, zone, name, commercial_type, array_to_string(tags, ',') as tags, powered_on_at, boot_hangs, ip_address "
                        + "from local_cloud.servers where id = ?::uuid", created.id());

        assertThat(row).containsEntry("id", created.id()).containsEntry("zone", zone).containsEntry("name", "persisted")
                .containsEntry("commercial_type", "L40S-1-48G").containsEntry("tags", tag).containsEntry("boot_hangs", false);
        assertThat(row.get("powered_on_at")).isNull();
        assertThat(row.get("ip_address")).isNull();
    }

    @Test
    void state_survives_a_new_provider_over_the_same_database() {
        String zone = zone();
        ProviderServer created = server(zone);
        cloud.powerOn(zone, created.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> state(zone, created.id()) == State.RUNNING);
        ProviderServer running = cloud.getServer(zone, created.id());

        LocalCloudProvider restarted = new LocalCloudProvider(jdbc, new LocalCloudFaults(),
                new LocalCloudProperties(Duration.ZERO, BOOT_TIME), Clock.systemUTC());

        assertThat(restarted.getServer(zone, created.id())).isEqualTo(running);
        assertThat(jdbc.queryForObject("select ip_address from local_cloud.servers where id = ?::uuid", String.class, created.id()))
                .isEqualTo(running.ipAddress());
    }

    // ---- Volumes ----

    @Test
    void a_created_volume_is_detached_and_found_by_tag() {
        String zone = zone();
        String tag = tag("volume");

        ProviderVolume created = cloud.createVolume(new VolumeSpec(zone, "data", 250, List.of(tag)));

        assertThat(created.id()).isNotBlank();
        assertThat(created.name()).isEqualTo("data");
        assertThat(created.zone()).isEqualTo(zone);
        assertThat(created.sizeGb()).isEqualTo(250);
        assertThat(created.serverId()).isNull();
        assertThat(created.tags()).containsExactly(tag);
        assertThat(cloud.findVolumeByTag(zone, tag)).contains(created);
        assertThat(cloud.findVolumeByTag(zone(), tag)).isEmpty();
        assertThat(cloud.listVolumes(zone, null)).containsExactly(created);
    }

    @Test
    void a_volume_of_an_impossible_size_is_refused() {
        String zone = zone();

        assertThatThrownBy(() -> cloud.createVolume(new VolumeSpec(zone, "none", 0, List.of())))
                .isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((ProviderException) e).type()).isEqualTo("invalid_arguments"));
        assertThatThrownBy(() -> cloud.createVolume(new VolumeSpec(zone, "huge", 10_001, List.of())))
                .isInstanceOf(ProviderException.class);
        assertThat(cloud.listVolumes(zone, null)).isEmpty();
    }

    @Test
    void an_attached_volume_is_listed_with_its_server_id_and_on_the_server() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume first = volume(zone);
        ProviderVolume second = volume(zone);

        cloud.attachVolume(zone, server.id(), first.id());
        cloud.attachVolume(zone, server.id(), second.id());

        assertThat(cloud.listVolumes(zone, null)).extracting(ProviderVolume::serverId).containsOnly(server.id());
        assertThat(cloud.getServer(zone, server.id()).volumeIds()).containsExactly(first.id(), second.id());
    }

    @Test
    void attaching_a_volume_again_to_the_same_server_is_fine() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, server.id(), volume.id());

        assertThatCode(() -> cloud.attachVolume(zone, server.id(), volume.id())).doesNotThrowAnyException();
        assertThat(cloud.getServer(zone, server.id()).volumeIds()).containsExactly(volume.id());
    }

    @Test
    void attaching_a_volume_to_another_server_is_refused() {
        String zone = zone();
        ProviderServer owner = server(zone);
        ProviderServer other = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, owner.id(), volume.id());

        assertThatThrownBy(() -> cloud.attachVolume(zone, other.id(), volume.id()))
                .isInstanceOf(ProviderException.class)
                .isNotInstanceOf(ProviderResourceNotFound.class)
                .satisfies(e -> assertThat(((ProviderException) e).type()).isEqualTo("precondition_failed"));
        assertThat(cloud.findVolumeByTag(zone, null)).map(ProviderVolume::serverId).contains(owner.id());
        assertThat(cloud.getServer(zone, other.id()).volumeIds()).isEmpty();
    }

    @Test
    void attaching_an_unknown_volume_or_to_an_unknown_server_is_not_found() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);

        assertThatThrownBy(() -> cloud.attachVolume(zone, server.id(), UUID.randomUUID().toString()))
                .isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.attachVolume(zone, server.id(), "garbage"))
                .isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.attachVolume(zone, UUID.randomUUID().toString(), volume.id()))
                .isInstanceOf(ProviderResourceNotFound.class);
    }

    @Test
    void deleting_a_server_detaches_its_volumes() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, server.id(), volume.id());

        cloud.deleteServer(zone, server.id());

        assertThat(cloud.listVolumes(zone, null)).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(volume.id());
            assertThat(v.serverId()).isNull();
        });
    }

    @Test
    void a_detached_volume_can_be_attached_to_another_server() {
        String zone = zone();
        ProviderServer first = server(zone);
        ProviderServer second = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, first.id(), volume.id());
        cloud.deleteServer(zone, first.id());

        cloud.attachVolume(zone, second.id(), volume.id());

        assertThat(cloud.getServer(zone, second.id()).volumeIds()).containsExactly(volume.id());
    }

    @Test
    void deleting_a_volume_twice_is_fine() {
        String zone = zone();
        ProviderVolume volume = volume(zone);

        cloud.deleteVolume(zone, volume.id());

        assertThat(cloud.listVolumes(zone, null)).isEmpty();
        assertThatCode(() -> cloud.deleteVolume(zone, volume.id())).doesNotThrowAnyException();
    }

    // ---- Faults ----

    @Test
    void a_fail_fault_with_times_two_fails_twice_then_succeeds() {
        String zone = zone();
        faults.add(Operation.CREATE_SERVER, zone, Mode.FAIL, 2, "out of stock");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> server(zone))
                    .isInstanceOf(ProviderException.class)
                    .hasMessage("out of stock")
                    .satisfies(e -> assertThat(((ProviderException) e).type()).isEqualTo("injected_fault"));
        }
        assertThat(cloud.listServers(zone, null)).isEmpty();

        ProviderServer created = server(zone);

        assertThat(cloud.listServers(zone, null)).containsExactly(created);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void a_fault_may_fail_with_the_kind_of_error_a_provider_gives_such_as_out_of_stock() {
        String zone = zone();
        faults.add(Operation.CREATE_SERVER, zone, Mode.FAIL, 1, "no L4 left", "out_of_stock");

        assertThatThrownBy(() -> server(zone)).isInstanceOf(ProviderException.class).hasMessage("no L4 left")
                .satisfies(e -> assertThat(((ProviderException) e).type()).isEqualTo("out_of_stock"))
                .satisfies(e -> assertThat(((ProviderException) e).noCapacity()).isTrue());
        assertThat(server(zone)).isNotNull();
    }

    @Test
    void a_power_on_fail_fault_with_times_two_fails_twice_then_the_server_boots() {
        String zone = zone();
        ProviderServer created = server(zone);
        faults.add(Operation.POWER_ON, zone, Mode.FAIL, 2, null);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cloud.powerOn(zone, created.id()))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("POWER_ON");
            assertThat(state(zone, created.id())).isEqualTo(State.STOPPED);
        }
        cloud.powerOn(zone, created.id());

        await().atMost(Duration.ofSeconds(5)).until(() -> state(zone, created.id()) == State.RUNNING);
    }

    @Test
    void a_fail_fault_without_times_fails_always() {
        String zone = zone();
        faults.add(Operation.CREATE_VOLUME, zone, Mode.FAIL, null, null);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> volume(zone)).isInstanceOf(ProviderException.class);
        }
        assertThat(faults.list()).hasSize(1);
    }

    @Test
    void a_fail_fault_scoped_to_one_zone_does_not_affect_another() {
        String faulty = zone();
        String healthy = zone();
        faults.add(Operation.CREATE_SERVER, faulty, Mode.FAIL, null, null);

        assertThatCode(() -> server(healthy)).doesNotThrowAnyException();
        assertThatThrownBy(() -> server(faulty)).isInstanceOf(ProviderException.class);
        assertThat(cloud.listServers(healthy, null)).hasSize(1);
        assertThat(cloud.listServers(faulty, null)).isEmpty();
    }

    @Test
    void a_fail_fault_without_zone_affects_every_zone() {
        faults.add(Operation.DELETE_VOLUME, null, Mode.FAIL, null, null);
        String zone = zone();
        ProviderVolume volume = volume(zone);

        assertThatThrownBy(() -> cloud.deleteVolume(zone, volume.id())).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> cloud.deleteVolume(zone(), volume.id())).isInstanceOf(ProviderException.class);
        assertThat(cloud.listVolumes(zone, null)).containsExactly(volume);
    }

    @Test
    void a_fail_fault_on_one_operation_does_not_affect_another() {
        String zone = zone();
        faults.add(Operation.ATTACH_VOLUME, zone, Mode.FAIL, null, null);

        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);

        assertThatThrownBy(() -> cloud.attachVolume(zone, server.id(), volume.id())).isInstanceOf(ProviderException.class);
        assertThat(cloud.getServer(zone, server.id()).volumeIds()).isEmpty();
    }

    @Test
    void a_delete_server_fault_keeps_the_server() {
        String zone = zone();
        ProviderServer server = server(zone);
        faults.add(Operation.DELETE_SERVER, zone, Mode.FAIL, 1, null);

        assertThatThrownBy(() -> cloud.deleteServer(zone, server.id())).isInstanceOf(ProviderException.class);
        assertThat(cloud.getServer(zone, server.id())).isNotNull();

        cloud.deleteServer(zone, server.id());
        assertThat(cloud.listServers(zone, null)).isEmpty();
    }

    @Test
    void a_hang_fault_makes_power_on_stay_starting_forever() {
        String zone = zone();
        ProviderServer created = server(zone);
        faults.add(Operation.POWER_ON, zone, Mode.HANG, 1, null);

        cloud.powerOn(zone, created.id());

        await().during(BOOT_TIME.multipliedBy(4)).atMost(BOOT_TIME.multipliedBy(8)).pollInterval(Duration.ofMillis(50))
                .until(() -> cloud.getServer(zone, created.id()), s -> s.state() == State.STARTING && s.ipAddress() == null);
        cloud.powerOn(zone, created.id());
        assertThat(state(zone, created.id())).isEqualTo(State.STARTING);
        assertThat(jdbc.queryForObject("select boot_hangs from local_cloud.servers where id = ?::uuid", Boolean.class, created.id())).isTrue();
    }

    @Test
    void a_hang_fault_in_one_zone_does_not_hang_a_boot_in_another() {
        String hanging = zone();
        String healthy = zone();
        ProviderServer created = server(healthy);
        faults.add(Operation.POWER_ON, hanging, Mode.HANG, null, null);

        cloud.powerOn(healthy, created.id());

        await().atMost(Duration.ofSeconds(5)).until(() -> state(healthy, created.id()) == State.RUNNING);
    }

    @Test
    void a_vanish_fault_removes_the_server_at_power_on() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer created = server(zone, tag);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, created.id(), volume.id());
        faults.add(Operation.POWER_ON, zone, Mode.VANISH, 1, null);

        assertThatCode(() -> cloud.powerOn(zone, created.id())).doesNotThrowAnyException();

        assertThatThrownBy(() -> cloud.getServer(zone, created.id())).isInstanceOf(ProviderResourceNotFound.class);
        assertThat(cloud.findServerByTag(zone, tag)).isEmpty();
        assertThat(cloud.listVolumes(zone, null)).singleElement().extracting(ProviderVolume::serverId).isNull();
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void hang_or_vanish_on_anything_but_power_on_is_rejected() {
        assertThatThrownBy(() -> faults.add(Operation.CREATE_SERVER, null, Mode.HANG, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POWER_ON");
        assertThatThrownBy(() -> faults.add(Operation.DELETE_SERVER, zone(), Mode.VANISH, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void times_below_one_is_rejected() {
        assertThatThrownBy(() -> faults.add(Operation.POWER_ON, null, Mode.FAIL, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times");
        assertThatThrownBy(() -> faults.add(Operation.POWER_ON, null, Mode.FAIL, -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void a_fault_without_message_gets_a_default_one_and_can_be_removed_by_id() {
        LocalCloudFaults.Rule rule = faults.add(Operation.CREATE_VOLUME, null, Mode.FAIL, null, "  ");

        assertThat(rule.message()).isEqualTo("injected fault on CREATE_VOLUME");
        assertThat(faults.list()).containsExactly(rule);
        assertThat(faults.remove(rule.id())).isTrue();
        assertThat(faults.remove(rule.id())).isFalse();
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void clearing_faults_disarms_them() {
        String zone = zone();
        faults.add(Operation.CREATE_SERVER, zone, Mode.FAIL, null, null);

        faults.clear();

        assertThatCode(() -> server(zone)).doesNotThrowAnyException();
    }

    // ---- Console ----

    private ResponseEntity<JsonNode> postFault(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, PROBLEM));
        return http.exchange("/local-cloud/faults", HttpMethod.POST, new HttpEntity<>(json, headers), JsonNode.class);
    }

    private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(PROBLEM)).as("content type %s", type).isTrue());
        assertThat(response.getBody()).isNotNull();
        assertThat(response.getBody().path("status").asInt()).isEqualTo(status.value());
        assertThat(response.getBody().path("detail").asText()).isNotBlank();
    }

    @Test
    void get_servers_lists_the_servers_of_a_zone_in_snake_case_with_total_count() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer stopped = cloud.createServer(new ServerSpec(zone, "stopped", "L4-1-24G", List.of(tag)));
        ProviderServer running = cloud.createServer(new ServerSpec(zone, "running", "H100-1-80G", List.of()));
        cloud.powerOn(zone, running.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> state(zone, running.id()) == State.RUNNING);
        String address = cloud.getServer(zone, running.id()).ipAddress();

        ResponseEntity<JsonNode> response = http.getForEntity("/local-cloud/servers?zone={zone}", JsonNode.class, zone);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode body = response.getBody();
        assertThat(body.path("total_count").asInt()).isEqualTo(2);
        assertThat(body.has("totalCount")).isFalse();
        JsonNode first = body.path("servers").get(0);
        JsonNode second = body.path("servers").get(1);
        assertThat(first.path("id").asText()).isEqualTo(stopped.id());
        assertThat(first.path("commercial_type").asText()).isEqualTo("L4-1-24G");
        assertThat(first.path("state").asText()).isEqualTo("STOPPED");
        assertThat(first.has("ip_address")).isTrue();
        assertThat(first.path("ip_address").isNull()).isTrue();
        assertThat(first.path("tags").get(0).asText()).isEqualTo(tag);
        assertThat(first.has("volume_ids")).isTrue();
        assertThat(first.has("created_at")).isTrue();
        assertThat(first.has("commercialType")).isFalse();
        assertThat(first.has("running_with_address")).isFalse();
        assertThat(second.path("id").asText()).isEqualTo(running.id());
        assertThat(second.path("state").asText()).isEqualTo("RUNNING");
        assertThat(second.path("ip_address").asText()).isEqualTo(address);
    }

    @Test
    void get_servers_filters_by_tag() {
        String zone = zone();
        String tag = tag("instance");
        ProviderServer tagged = server(zone, tag);
        server(zone);

        JsonNode body = http.getForObject("/local-cloud/servers?tag={tag}", JsonNode.class, tag);

        assertThat(body.path("total_count").asInt()).isEqualTo(1);
        assertThat(body.path("servers").get(0).path("id").asText()).isEqualTo(tagged.id());
    }

    @Test
    void get_volumes_lists_volumes_with_their_server_id_in_snake_case() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, server.id(), volume.id());

        JsonNode body = http.getForObject("/local-cloud/volumes?zone={zone}", JsonNode.class, zone);

        assertThat(body.path("total_count").asInt()).isEqualTo(1);
        JsonNode listed = body.path("volumes").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(volume.id());
        assertThat(listed.path("server_id").asText()).isEqualTo(server.id());
        assertThat(listed.path("size_gb").asInt()).isEqualTo(100);
    }

    @Test
    void post_fault_returns_201_with_the_rule_and_arms_it() {
        String zone = zone();

        ResponseEntity<JsonNode> response = postFault("""
                {"operation": "CREATE_SERVER", "zone": "%s", "mode": "FAIL", "times": 2, "message": "quota exceeded"}
                """.formatted(zone));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode rule = response.getBody();
        assertThat(rule.path("id").asText()).isNotBlank();
        assertThat(rule.path("operation").asText()).isEqualTo("CREATE_SERVER");
        assertThat(rule.path("zone").asText()).isEqualTo(zone);
        assertThat(rule.path("mode").asText()).isEqualTo("FAIL");
        assertThat(rule.path("times").asInt()).isEqualTo(2);
        assertThat(rule.path("message").asText()).isEqualTo("quota exceeded");
        assertThat(faults.list()).extracting(LocalCloudFaults.Rule::id).containsExactly(rule.path("id").asText());
        assertThatThrownBy(() -> server(zone)).isInstanceOf(ProviderException.class).hasMessage("quota exceeded");

        JsonNode listed = http.getForObject("/local-cloud/faults", JsonNode.class);
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.get(0).path("id").asText()).isEqualTo(rule.path("id").asText());
    }

    @Test
    void post_fault_with_hang_on_create_server_is_a_400_problem() {
        ResponseEntity<JsonNode> response = postFault("""
                {"operation": "CREATE_SERVER", "mode": "HANG"}
                """);

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("detail").asText()).contains("POWER_ON");
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void post_fault_with_times_zero_is_a_400_problem() {
        ResponseEntity<JsonNode> response = postFault("""
                {"operation": "POWER_ON", "mode": "FAIL", "times": 0}
                """);

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void post_fault_without_operation_is_a_400_problem() {
        ResponseEntity<JsonNode> response = postFault("""
                {"mode": "FAIL"}
                """);

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void post_fault_with_an_unknown_operation_is_a_400_problem() {
        ResponseEntity<JsonNode> response = postFault("""
                {"operation": "REBOOT", "mode": "FAIL"}
                """);

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void post_fault_with_malformed_json_is_a_400_problem() {
        assertProblem(postFault("{not json"), HttpStatus.BAD_REQUEST);
    }

    @Test
    void delete_faults_clears_them() {
        faults.add(Operation.CREATE_SERVER, null, Mode.FAIL, null, null);
        faults.add(Operation.POWER_ON, null, Mode.HANG, null, null);

        ResponseEntity<Void> response = http.exchange("/local-cloud/faults", HttpMethod.DELETE, null, Void.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(faults.list()).isEmpty();
        assertThat(http.getForObject("/local-cloud/faults", JsonNode.class).size()).isZero();
    }

    @Test
    void delete_fault_by_id_removes_it_and_is_404_when_unknown() {
        LocalCloudFaults.Rule rule = faults.add(Operation.CREATE_SERVER, null, Mode.FAIL, null, null);

        ResponseEntity<Void> removed = http.exchange("/local-cloud/faults/{id}", HttpMethod.DELETE, null, Void.class, rule.id());
        ResponseEntity<Void> again = http.exchange("/local-cloud/faults/{id}", HttpMethod.DELETE, null, Void.class, rule.id());

        assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void delete_server_from_the_console_removes_it() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = volume(zone);
        cloud.attachVolume(zone, server.id(), volume.id());

        ResponseEntity<Void> response = http.exchange("/local-cloud/zones/{zone}/servers/{id}", HttpMethod.DELETE, null, Void.class,
                zone, server.id());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThatThrownBy(() -> cloud.getServer(zone, server.id())).isInstanceOf(ProviderResourceNotFound.class);
        assertThat(jdbc.queryForObject("select count(*) from local_cloud.servers where id = ?::uuid", Integer.class, server.id())).isZero();
        assertThat(cloud.listVolumes(zone, null)).singleElement().extracting(ProviderVolume::serverId).isNull();
    }

    @Test
    void deleting_in_another_zone_leaves_the_server_and_its_volume_alone() {
        String zone = zone();
        ProviderServer server = server(zone);
        ProviderVolume volume = cloud.createVolume(new VolumeSpec(zone, "v", 10, List.of()));

        cloud.deleteServer(zone(), server.id());
        cloud.deleteVolume(zone(), volume.id());

        assertThat(cloud.getServer(zone, server.id()).id()).isEqualTo(server.id());
        assertThat(cloud.listVolumes(zone, null)).extracting(ProviderVolume::id).containsExactly(volume.id());
    }

    @Test
    void deleting_something_that_is_not_an_id_is_not_an_error() {
        cloud.deleteServer(zone(), "garbage");
        cloud.deleteVolume(zone(), "garbage");
    }

    @Test
    void delete_server_from_the_console_is_404_for_an_unknown_server() {
        String zone = zone();
        ResponseEntity<JsonNode> unknown = http.exchange("/local-cloud/zones/{zone}/servers/{id}", HttpMethod.DELETE, null, JsonNode.class,
                zone, UUID.randomUUID().toString());
        ResponseEntity<JsonNode> garbage = http.exchange("/local-cloud/zones/{zone}/servers/{id}", HttpMethod.DELETE, null, JsonNode.class,
                zone, "garbage");

        assertProblem(unknown, HttpStatus.NOT_FOUND);
        assertProblem(garbage, HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().path("resource_type").asText()).isEqualTo("server");
    }

    @Test
    void delete_server_from_the_console_is_404_in_the_wrong_zone_and_keeps_the_server() {
        String zone = zone();
        ProviderServer server = server(zone);

        ResponseEntity<JsonNode> response = http.exchange("/local-cloud/zones/{zone}/servers/{id}", HttpMethod.DELETE, null, JsonNode.class,
                zone(), server.id());

        assertProblem(response, HttpStatus.NOT_FOUND);
        assertThat(cloud.getServer(zone, server.id()).id()).isEqualTo(server.id());
    }

    /** A booted local server is a machine you can SSH into, as a cloud VM is. */
    @org.junit.jupiter.api.Nested
    class Machines {

        record Result(int exitCode, String out) {}

        private Result exec(ProviderServer server, java.security.KeyPair key, String command) throws Exception {
            try (org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient()) {
                client.setServerKeyVerifier(org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier.INSTANCE);
                client.start();
                try (org.apache.sshd.client.session.ClientSession session = client.connect("inventiv", server.ipAddress(), server.sshPort())
                        .verify(Duration.ofSeconds(10)).getSession()) {
                    session.addPublicKeyIdentity(key);
                    session.auth().verify(Duration.ofSeconds(10));
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    session.executeRemoteCommand(command, out, System.err, java.nio.charset.StandardCharsets.UTF_8);
                    return new Result(0, out.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }

        private ProviderServer booted() {
            String zone = zone();
            ProviderServer created = cloud.createServer(new ServerSpec(zone, "machine", "L4-1-24G", List.of(tag("machine"))));
            cloud.powerOn(zone, created.id());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cloud.getServer(zone, created.id()).sshPort() != null);
            return cloud.getServer(zone, created.id());
        }

        @Test
        void a_booted_server_runs_commands_over_ssh_in_its_own_directory_with_the_providers_key() throws Exception {
            ProviderServer server = booted();
            assertThat(server.ipAddress()).isEqualTo("127.0.0.1");

            Result result = exec(server, keys.of("local"), "pwd; echo machine=$INVENTIV_MACHINE; echo hello > greeting; cat greeting");

            assertThat(result.out()).contains("/" + server.id() + "\n").contains("machine=" + server.id()).endsWith("hello\n");
        }

        @Test
        void a_server_is_not_running_and_has_no_ssh_until_it_has_booted() {
            String zone = zone();
            ProviderServer created = cloud.createServer(new ServerSpec(zone, "cold", "L4-1-24G", List.of(tag("cold"))));
            assertThat(cloud.getServer(zone, created.id()).sshPort()).isNull();
        }

        @Test
        void another_key_is_refused() throws Exception {
            ProviderServer server = booted();
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            java.security.KeyPair stranger = generator.generateKeyPair();

            assertThatThrownBy(() -> exec(server, stranger, "echo in")).isInstanceOf(org.apache.sshd.common.SshException.class);
        }

        @Test
        void a_failing_command_reports_its_exit_code() throws Exception {
            ProviderServer server = booted();
            assertThatThrownBy(() -> exec(server, keys.of("local"), "echo partial; exit 3"))
                    .hasMessageContaining("3");
        }

        @Test
        void deleting_a_server_closes_its_ssh_and_kills_what_it_was_running() throws Exception {
            ProviderServer server = booted();
            exec(server, keys.of("local"), "nohup sleep 300 > /dev/null 2>&1 & echo $! > sleeper.pid");
            long sleeper = Long.parseLong(exec(server, keys.of("local"), "cat sleeper.pid").out().trim());
            assertThat(ProcessHandle.of(sleeper)).get().satisfies(p -> assertThat(p.isAlive()).isTrue());

            cloud.deleteServer(server.zone(), server.id());

            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> exec(server, keys.of("local"), "true"))
                    .isInstanceOf(Exception.class));
        }

        @Autowired io.inventiv.agents.provider.install.SshInstaller installer;

        private io.inventiv.agents.provider.install.SshInstaller.InstallTarget target(ProviderServer server) {
            return new io.inventiv.agents.provider.install.SshInstaller.InstallTarget("local", server.ipAddress(), server.sshPort(), "inventiv");
        }

        @Test
        void the_installer_uploads_the_script_runs_it_and_reports_each_phase_with_its_output_once_it_is_over() {
            ProviderServer server = booted();
            List<io.inventiv.agents.provider.install.SshInstaller.InstallPhase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
            String script = """
                    #!/bin/sh
                    set -e
                    echo "::phase::check_gpu"
                    echo "no GPU: the simulated engine will stand in"
                    echo "::phase::install_agent"
                    printf 'quotes "and" $dollars stay as written\\n' > agent.txt
                    cat agent.txt
                    echo "::phase::start_agent"
                    """;

            var outcome = installer.install(target(server), script, Duration.ofSeconds(20), phases::add);

            assertThat(outcome.succeeded()).as("%s", outcome).isTrue();
            assertThat(outcome.exitCode()).isZero();
            assertThat(phases).extracting(p -> p.name()).containsExactly("check_gpu", "install_agent", "start_agent");
            assertThat(phases.get(0).logExcerpt()).isEqualTo("no GPU: the simulated engine will stand in");
            assertThat(phases.get(1).logExcerpt()).isEqualTo("quotes \"and\" $dollars stay as written");
            assertThat(phases.get(2).logExcerpt()).isEmpty();
        }

        @Test
        void files_are_uploaded_whole_with_their_mode_and_not_sent_again_when_already_there() throws Exception {
            ProviderServer server = booted();
            byte[] jar = new byte[3 * 1024 * 1024];
            new java.util.Random(7).nextBytes(jar);
            var upload = io.inventiv.agents.provider.install.SshInstaller.Upload.of(".inventiv/big.bin", "600", jar);
            String check = "stat -c %a .inventiv/big.bin && sha256sum .inventiv/big.bin && ls .inventiv";
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

            var first = installer.install(target(server), List.of(upload), "echo ::phase::check\n" + check + "\n", Duration.ofSeconds(20),
                    p -> lines.add(p.logExcerpt()));
            assertThat(first.succeeded()).as("%s", first).isTrue();
            assertThat(lines.get(0)).contains("600").contains(upload.sha256()).doesNotContain(".part");

            String modified = "echo ::phase::stat\nstat -c %y .inventiv/big.bin\n";
            List<String> before = new java.util.concurrent.CopyOnWriteArrayList<>();
            installer.install(target(server), List.of(), modified, Duration.ofSeconds(20), p -> before.add(p.logExcerpt()));
            Thread.sleep(20);
            List<String> after = new java.util.concurrent.CopyOnWriteArrayList<>();
            var second = installer.install(target(server), List.of(upload), modified, Duration.ofSeconds(20), p -> after.add(p.logExcerpt()));
            assertThat(second.succeeded()).isTrue();
            assertThat(after).as("the same content is not written again").isEqualTo(before);

            assertThatThrownBy(() -> io.inventiv.agents.provider.install.SshInstaller.Upload.of("../escape", "600", jar))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_failing_script_ends_with_its_phase_its_exit_code_and_its_last_words() {
            ProviderServer server = booted();
            var outcome = installer.install(target(server),
                    "echo ::phase::download_model\necho 'no space left on device' >&2\nexit 4\n", Duration.ofSeconds(20), p -> { });

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.exitCode()).isEqualTo(4);
            assertThat(outcome.phase()).isEqualTo("download_model");
            assertThat(outcome.reason()).contains("exit code 4").contains("no space left on device");
        }

        @Test
        void the_phase_a_script_failed_in_is_reported_with_what_it_printed() {
            ProviderServer server = booted();
            List<io.inventiv.agents.provider.install.SshInstaller.InstallPhase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
            installer.install(target(server), "echo ::phase::download_model\necho 'no space left on device' >&2\nexit 4\n", Duration.ofSeconds(20),
                    phases::add);
            assertThat(phases).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("download_model");
                assertThat(p.logExcerpt()).isEqualTo("no space left on device");
            });
        }

        @Test
        void a_script_that_hangs_times_out_in_the_phase_it_reached() {
            ProviderServer server = booted();
            var outcome = installer.install(target(server), "echo ::phase::start_engine\nsleep 30\n", Duration.ofSeconds(2), p -> { });

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.exitCode()).isNull();
            assertThat(outcome.phase()).isEqualTo("start_engine");
            assertThat(outcome.reason()).isEqualTo("timed out after 2 s in phase start_engine");
        }

        @Test
        void a_machine_that_does_not_answer_fails_in_the_connect_phase() {
            var outcome = installer.install(new io.inventiv.agents.provider.install.SshInstaller.InstallTarget("local", "127.0.0.1", 1, "inventiv"),
                    "true", Duration.ofSeconds(5), p -> { });

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.phase()).isEqualTo("connect");
            assertThat(outcome.reason()).startsWith("cannot log in to 127.0.0.1:1");
        }

        @Test
        void the_providers_private_key_is_owner_only_and_its_public_key_is_an_authorized_keys_line() throws Exception {
            keys.of("local");
            String authorized = keys.authorizedKey("local");
            assertThat(authorized).startsWith("ecdsa-sha2-nistp256 ").endsWith(" inventiv-local");
        }
    }
}
