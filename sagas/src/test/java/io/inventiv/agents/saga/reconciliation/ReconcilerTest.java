package io.inventiv.agents.saga.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.RecordServerVanished;
import io.inventiv.agents.api.reconciliation.InstanceHolding;
import io.inventiv.agents.api.reconciliation.InstancesAtProvider;
import io.inventiv.agents.api.reconciliation.OrphanServerDeleted;
import io.inventiv.agents.api.reconciliation.OrphanVolumeDeleted;
import io.inventiv.agents.api.reconciliation.ProviderZones;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.FakeCloudProvider;
import io.inventiv.agents.saga.PlatformIdentity;
import io.inventiv.agents.saga.ProviderTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    /** The fake's resources are all created at 08:00. */
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final String ZONE = "fr-par-2";
    private static final InstanceId LIVE = InstanceId.derivedFrom("live");
    private static final InstanceId TERMINATED = InstanceId.derivedFrom("terminated");
    private static final InstanceId UNKNOWN = InstanceId.derivedFrom("unknown");
    private static final Actor RECONCILER = Actor.system("reconciliation");

    private FakeCloudProvider cloud;
    private QueryGateway queries;
    private CommandGateway commands;
    private final List<Object> published = new ArrayList<>();
    private final List<InstanceHolding> believed = new ArrayList<>();
    private static final PlatformIdentity US = new PlatformIdentity(java.util.UUID.fromString("0b9d6c2e-3f4a-4c5d-8e6f-7a8b9c0d1e2f"));
    private static final PlatformIdentity ANOTHER_PLATFORM = new PlatformIdentity(java.util.UUID.fromString("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"));
    private EventStore eventLog;

    @BeforeEach
    void setUp() {
        cloud = new FakeCloudProvider();
        queries = mock(QueryGateway.class);
        commands = mock(CommandGateway.class);
        eventLog = mock(EventStore.class);
        when(eventLog.readEvents(any(String.class))).thenAnswer(call -> DomainEventStream.empty());
        when(queries.query(any(ProviderZones.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(List.of(ZONE)));
        when(queries.query(any(InstancesAtProvider.class), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.completedFuture(List.copyOf(believed)));
    }

    private Reconciler reconciler(Instant now) {
        EventGateway events = mock(EventGateway.class);
        org.mockito.Mockito.doAnswer(call -> {
            published.addAll(List.of((Object[]) call.getArguments()));
            return null;
        }).when(events).publish(any(Object[].class));
        org.mockito.Mockito.doAnswer(call -> {
            published.add(call.getArgument(0));
            return null;
        }).when(events).publish(any(Object.class));
        return new Reconciler(new CloudProviders(List.of(cloud)), queries, commands, events,
                new ReconciliationSettings(true, Duration.ofMinutes(5), Duration.ofMinutes(10)), Clock.fixed(now, ZoneOffset.UTC), US, eventLog);
    }

    private ProviderServer serverOf(InstanceId instance) {
        return cloud.seedServer(ZONE, "inventiv-x", "L4-1-24G", List.of(ProviderTags.of(instance), US.tag()));
    }

    private ProviderVolume volumeOf(InstanceId instance, String serverId) {
        return cloud.seedVolume(ZONE, "inventiv-x-data", 50, serverId, List.of(ProviderTags.of(instance), US.tag()));
    }

    @Test
    void the_server_and_volume_of_a_terminated_instance_are_deleted_each_as_an_event() {
        ProviderServer server = serverOf(TERMINATED);
        ProviderVolume volume = volumeOf(TERMINATED, server.id());
        believed.add(new InstanceHolding(TERMINATED, InstanceState.TERMINATED, ZONE, null, List.of()));

        Reconciler.Round round = reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).isEmpty();
        assertThat(cloud.volumes()).isEmpty();
        assertThat(round.orphansDeleted()).containsExactly("server " + server.id(), "volume " + volume.id());
        assertThat(published).containsExactly(
                new OrphanServerDeleted("local", ZONE, server.id(), server.name(), TERMINATED, "its instance is TERMINATED", RECONCILER, NOW),
                new OrphanVolumeDeleted("local", ZONE, volume.id(), volume.name(), TERMINATED, "its instance is TERMINATED", RECONCILER, NOW));
    }

    @Test
    void a_tagged_server_of_an_instance_nobody_knows_is_deleted_once_past_the_grace_period() {
        ProviderServer server = serverOf(UNKNOWN);

        reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).isEmpty();
        assertThat(published).singleElement().isEqualTo(new OrphanServerDeleted("local", ZONE, server.id(), server.name(), UNKNOWN,
                "no instance of this platform is " + UNKNOWN, RECONCILER, NOW));
    }

    @Test
    void a_young_tagged_server_of_an_unknown_instance_is_left_alone_for_now() {
        serverOf(UNKNOWN);

        reconciler(Instant.parse("2026-03-02T08:05:00Z")).reconcileAll();

        assertThat(cloud.servers()).hasSize(1);
        assertThat(published).isEmpty();
    }

    @Test
    void an_unknown_instance_the_event_log_knows_is_not_an_orphan_though_the_read_model_lacks_it() {
        serverOf(UNKNOWN);
        when(eventLog.readEvents(UNKNOWN.toString())).thenAnswer(call -> DomainEventStream.of(
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Instance", UNKNOWN.toString(), 0, "being rebuilt")));

        reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).hasSize(1);
        assertThat(published).isEmpty();
    }

    @Test
    void the_resources_of_another_platform_sharing_the_account_are_never_touched() {
        cloud.seedServer(ZONE, "theirs", "L4-1-24G", List.of(ProviderTags.of(UNKNOWN), ANOTHER_PLATFORM.tag()));
        cloud.seedServer(ZONE, "untagged-by-platform", "L4-1-24G", List.of(ProviderTags.of(TERMINATED)));
        believed.add(new InstanceHolding(TERMINATED, InstanceState.TERMINATED, ZONE, null, List.of()));

        reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).hasSize(2);
        assertThat(published).isEmpty();
    }

    @Test
    void what_is_not_tagged_as_ours_is_never_touched() {
        cloud.seedServer(ZONE, "someone-else", "L4-1-24G", List.of("team=data"));
        cloud.seedVolume(ZONE, "someone-else-data", 10, null, List.of());

        reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).hasSize(1);
        assertThat(cloud.volumes()).hasSize(1);
        assertThat(published).isEmpty();
    }

    @Test
    void the_resources_of_a_live_instance_are_kept() {
        ProviderServer server = serverOf(LIVE);
        volumeOf(LIVE, server.id());
        believed.add(new InstanceHolding(LIVE, InstanceState.READY, ZONE, server.id(), List.of()));

        Reconciler.Round round = reconciler(NOW).reconcileAll();

        assertThat(cloud.servers()).hasSize(1);
        assertThat(cloud.volumes()).hasSize(1);
        assertThat(round.orphansDeleted()).isEmpty();
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void a_live_instance_whose_server_vanished_is_reported_to_it() {
        ProviderServer server = serverOf(LIVE);
        believed.add(new InstanceHolding(LIVE, InstanceState.READY, ZONE, server.id(), List.of()));
        cloud.vanish(server.id());

        Reconciler.Round round = reconciler(NOW).reconcileAll();

        assertThat(round.vanished()).containsExactly(LIVE);
        verify(commands).sendAndWait(argThat(command -> command.equals(new RecordServerVanished(LIVE, server.id(), RECONCILER))));
    }

    @Test
    void a_provider_that_fails_to_delete_is_tried_again_next_round_without_an_event() {
        ProviderServer server = serverOf(TERMINATED);
        believed.add(new InstanceHolding(TERMINATED, InstanceState.TERMINATED, ZONE, null, List.of()));
        cloud.failNext(FakeCloudProvider.Operation.DELETE_SERVER, 1, "out of service");

        Reconciler.Round first = reconciler(NOW).reconcileAll();
        assertThat(first.errors()).singleElement().asString().contains("out of service");
        assertThat(published).isEmpty();

        reconciler(NOW).reconcileAll();
        assertThat(cloud.server(server.id())).isEmpty();
        assertThat(published).hasSize(1);
    }
}
