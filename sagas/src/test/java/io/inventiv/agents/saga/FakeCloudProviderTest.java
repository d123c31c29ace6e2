package io.inventiv.agents.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderServer.State;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.saga.FakeCloudProvider.Operation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake must keep the port's promises, or the saga tests prove nothing. */
class FakeCloudProviderTest {

    private static final String ZONE = "fr-par-2";
    private static final String TAG = "inventiv-instance=a";

    private FakeCloudProvider cloud;

    @BeforeEach
    void setUp() {
        cloud = new FakeCloudProvider();
    }

    @Test
    void is_the_local_provider() {
        assertThat(cloud.code()).isEqualTo("local");
    }

    @Test
    void created_server_is_stopped_and_found_again_by_its_tag_in_its_zone_only() {
        ProviderServer made = cloud.createServer(new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG)));
        cloud.createServer(new ServerSpec(ZONE, "other", "L4-1-24G", List.of("inventiv-instance=b")));

        assertThat(made.state()).isEqualTo(State.STOPPED);
        assertThat(made.ipAddress()).isNull();
        assertThat(cloud.findServerByTag(ZONE, TAG)).map(ProviderServer::id).contains(made.id());
        assertThat(cloud.findServerByTag("nl-ams-1", TAG)).isEmpty();
        assertThat(cloud.listServers(ZONE, TAG)).extracting(ProviderServer::id).containsExactly(made.id());
    }

    @Test
    void power_on_makes_a_server_starting_and_only_the_test_makes_it_run_with_an_address() {
        ProviderServer made = cloud.createServer(new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG)));

        cloud.powerOn(ZONE, made.id());
        cloud.powerOn(ZONE, made.id());
        assertThat(cloud.getServer(ZONE, made.id()).state()).isEqualTo(State.STARTING);
        assertThat(cloud.getServer(ZONE, made.id()).isRunningWithAddress()).isFalse();

        cloud.makeRunning(made.id(), "10.42.0.7");
        assertThat(cloud.getServer(ZONE, made.id()).isRunningWithAddress()).isTrue();
        assertThat(cloud.getServer(ZONE, made.id()).ipAddress()).isEqualTo("10.42.0.7");
    }

    @Test
    void missing_or_vanished_server_is_not_found() {
        ProviderServer made = cloud.createServer(new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG)));
        cloud.vanish(made.id());

        assertThatThrownBy(() -> cloud.getServer(ZONE, made.id())).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.powerOn(ZONE, made.id())).isInstanceOf(ProviderResourceNotFound.class);
        assertThatThrownBy(() -> cloud.getServer(ZONE, "server-99")).isInstanceOf(ProviderResourceNotFound.class);
        assertThat(cloud.servers()).isEmpty();
    }

    @Test
    void deleting_what_is_gone_succeeds() {
        ProviderServer server = cloud.createServer(new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG)));
        ProviderVolume volume = cloud.createVolume(new VolumeSpec(ZONE, "inventiv-a-data", 100, List.of(TAG)));

        cloud.deleteServer(ZONE, server.id());
        cloud.deleteServer(ZONE, server.id());
        cloud.deleteVolume(ZONE, volume.id());
        cloud.deleteVolume(ZONE, volume.id());

        assertThat(cloud.servers()).isEmpty();
        assertThat(cloud.volumes()).isEmpty();
    }

    @Test
    void attaching_is_repeatable_and_shows_on_both_sides_until_the_server_is_deleted() {
        ProviderServer server = cloud.createServer(new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG)));
        ProviderVolume volume = cloud.createVolume(new VolumeSpec(ZONE, "inventiv-a-data", 100, List.of(TAG)));

        cloud.attachVolume(ZONE, server.id(), volume.id());
        cloud.attachVolume(ZONE, server.id(), volume.id());

        assertThat(cloud.volume(volume.id())).map(ProviderVolume::serverId).contains(server.id());
        assertThat(cloud.getServer(ZONE, server.id()).volumeIds()).containsExactly(volume.id());
        assertThatThrownBy(() -> cloud.attachVolume(ZONE, server.id(), "volume-99")).isInstanceOf(ProviderResourceNotFound.class);

        cloud.deleteServer(ZONE, server.id());
        assertThat(cloud.volume(volume.id())).map(ProviderVolume::serverId).isEmpty();
    }

    @Test
    void volume_attached_elsewhere_cannot_be_attached() {
        ProviderServer first = cloud.createServer(new ServerSpec(ZONE, "a", "L4-1-24G", List.of(TAG)));
        ProviderServer second = cloud.createServer(new ServerSpec(ZONE, "b", "L4-1-24G", List.of(TAG)));
        ProviderVolume volume = cloud.createVolume(new VolumeSpec(ZONE, "inventiv-a-data", 100, List.of(TAG)));
        cloud.attachVolume(ZONE, first.id(), volume.id());

        assertThatThrownBy(() -> cloud.attachVolume(ZONE, second.id(), volume.id()))
                .isInstanceOf(ProviderException.class)
                .isNotInstanceOf(ProviderResourceNotFound.class);
    }

    @Test
    void scripted_failures_fail_exactly_the_next_calls_of_that_operation() {
        cloud.failNext(Operation.CREATE_SERVER, 2, "quota exceeded");
        ServerSpec spec = new ServerSpec(ZONE, "inventiv-a", "L4-1-24G", List.of(TAG));

        assertThatThrownBy(() -> cloud.createServer(spec)).isInstanceOf(ProviderException.class).hasMessage("quota exceeded");
        cloud.createVolume(new VolumeSpec(ZONE, "inventiv-a-data", 100, List.of(TAG)));
        assertThatThrownBy(() -> cloud.createServer(spec)).isInstanceOf(ProviderException.class).hasMessage("quota exceeded");
        assertThat(cloud.servers()).isEmpty();

        cloud.createServer(spec);

        assertThat(cloud.servers()).hasSize(1);
        assertThat(cloud.calls(Operation.CREATE_SERVER)).isEqualTo(3);
    }
}
