package io.inventiv.agents.saga.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.reconciliation.InstanceHolding;
import io.inventiv.agents.api.reconciliation.InstancesAtProvider;
import io.inventiv.agents.api.reconciliation.ProviderZones;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderKeys;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.provider.scaleway.ScalewayCloudProvider;
import io.inventiv.agents.provider.scaleway.ScalewaySettings;
import io.inventiv.agents.provider.scaleway.fake.FakeScaleway;
import io.inventiv.agents.saga.PlatformIdentity;
import io.inventiv.agents.saga.ProviderTags;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler with the real Scaleway adapter against the stand-in API: what a finished instance left behind is found and deleted. */
class ReconcilerOnScalewayTest {

    private static final String ZONE = "fr-par-2";
    private final FakeScaleway scaleway = startFake();

    private static FakeScaleway startFake() {
        try {
            return FakeScaleway.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        scaleway.close();
    }

    @Test
    void the_server_and_volumes_a_terminated_instance_left_at_scaleway_are_deleted(@TempDir Path dir) {
        scaleway.setVolumeDelay(Duration.ofMillis(100));
        ScalewaySettings settings = new ScalewaySettings(URI.create(scaleway.url()), FakeScaleway.PROJECT_ID, null, null, 20, 5000, 22,
                Duration.ofSeconds(5), 3, List.of(ZONE), null, null);
        ScalewayCloudProvider provider = ScalewayCloudProvider.connect(settings, FakeScaleway.SECRET_KEY, new ProviderKeys(dir), new ObjectMapper());
        PlatformIdentity platform = new PlatformIdentity(UUID.randomUUID());
        InstanceId finished = InstanceId.random();
        List<String> tags = List.of(ProviderTags.of(finished), platform.tag());
        ProviderServer server = provider.createServer(new ServerSpec(ZONE, "left-behind", "L4-1-24G", tags));
        ProviderVolume data = provider.createVolume(new VolumeSpec(ZONE, "left-behind-data", 40, tags));
        ProviderVolume someoneElses = provider.createVolume(new VolumeSpec(ZONE, "not-ours", 10, List.of("team=research")));

        QueryGateway queries = mock(QueryGateway.class);
        when(queries.query(any(ProviderZones.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(List.of(ZONE)));
        when(queries.query(any(InstancesAtProvider.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                List.of(new InstanceHolding(finished, InstanceState.TERMINATED, ZONE, null, List.of()))));
        EventStore eventLog = mock(EventStore.class);
        when(eventLog.readEvents(any(String.class))).thenAnswer(call -> DomainEventStream.empty());
        Reconciler reconciler = new Reconciler(new CloudProviders(List.of(provider)), queries, mock(CommandGateway.class), mock(EventGateway.class),
                new ReconciliationSettings(true, Duration.ofMinutes(5), Duration.ofMinutes(10)), Clock.systemUTC(), platform, eventLog);

        // the server goes at once; its volumes can go once Scaleway has detached them, in a later round
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            reconciler.reconcileAll();
            assertThat(scaleway.server(server.id())).isEmpty();
            assertThat(provider.listVolumes(ZONE, ProviderTags.of(finished))).isEmpty();
        });
        assertThat(scaleway.volume(data.id())).isEmpty();
        assertThat(scaleway.volume(someoneElses.id())).isPresent();
    }
}
