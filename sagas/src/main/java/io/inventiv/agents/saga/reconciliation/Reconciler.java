package io.inventiv.agents.saga.reconciliation;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.RecordServerVanished;
import io.inventiv.agents.api.reconciliation.InstanceHolding;
import io.inventiv.agents.api.reconciliation.InstancesAtProvider;
import io.inventiv.agents.api.reconciliation.OrphanServerDeleted;
import io.inventiv.agents.api.reconciliation.OrphanVolumeDeleted;
import io.inventiv.agents.api.reconciliation.ProviderZones;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.PlatformIdentity;
import io.inventiv.agents.saga.ProviderTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each provider's inventory with what the platform believes it holds there. A resource tagged
 * as made by this platform for an instance that is finished, or that the event log has never heard of
 * (and older than the grace period), is an orphan: it is deleted and the deletion is an event. A live
 * instance whose server is gone is reported to the instance, which records it (FAILED) unless a saga is
 * at work on it. Resources without this platform's tag are never touched: another platform's, or
 * anyone's. The read model only ever speeds up the decision; "unknown" is asked of the event log, so
 * a projection being rebuilt or stuck deletes nothing.
 */
public class Reconciler {

    /** What a round found and did, for the log and for tests. */
    public record Round(int serversSeen, int volumesSeen, List<String> orphansDeleted, List<InstanceId> vanished, List<String> errors) {}

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Actor RECONCILER = Actor.system("reconciliation");

    private final CloudProviders providers;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final EventGateway events;
    private final ReconciliationSettings settings;
    private final Clock clock;
    private final PlatformIdentity platform;
    private final EventStore eventLog;

    public Reconciler(CloudProviders providers, QueryGateway queries, CommandGateway commands, EventGateway events,
                      ReconciliationSettings settings, Clock clock, PlatformIdentity platform, EventStore eventLog) {
        this.providers = providers;
        this.queries = queries;
        this.commands = commands;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.platform = platform;
        this.eventLog = eventLog;
    }

    public Round reconcileAll() {
        List<Round> rounds = new ArrayList<>();
        for (CloudProvider provider : providers.all()) {
            try {
                rounds.add(reconcile(provider));
            } catch (RuntimeException e) {
                log.warn("Reconciliation of provider {} failed: {}", provider.code(), e.getMessage());
                rounds.add(new Round(0, 0, List.of(), List.of(), List.of(provider.code() + ": " + e.getMessage())));
            }
        }
        Round all = new Round(rounds.stream().mapToInt(Round::serversSeen).sum(), rounds.stream().mapToInt(Round::volumesSeen).sum(),
                rounds.stream().flatMap(r -> r.orphansDeleted().stream()).toList(), rounds.stream().flatMap(r -> r.vanished().stream()).toList(),
                rounds.stream().flatMap(r -> r.errors().stream()).toList());
        if (!all.orphansDeleted().isEmpty() || !all.vanished().isEmpty() || !all.errors().isEmpty()) {
            log.info("Reconciliation: {} servers and {} volumes seen; orphans deleted {}; servers vanished {}; errors {}",
                    all.serversSeen(), all.volumesSeen(), all.orphansDeleted(), all.vanished(), all.errors());
        }
        return all;
    }

    Round reconcile(CloudProvider provider) {
        List<String> zones = queries.query(new ProviderZones(provider.code()), ResponseTypes.multipleInstancesOf(String.class)).join();
        List<ProviderServer> servers = new ArrayList<>();
        List<ProviderVolume> volumes = new ArrayList<>();
        for (String zone : zones) {
            servers.addAll(provider.listServers(zone, null));
            volumes.addAll(provider.listVolumes(zone, null));
        }
        Set<InstanceId> tagged = new HashSet<>();
        servers.forEach(s -> instanceOf(s.tags()).ifPresent(tagged::add));
        volumes.forEach(v -> instanceOf(v.tags()).ifPresent(tagged::add));
        Map<InstanceId, InstanceHolding> believed = queries.query(new InstancesAtProvider(provider.code(), tagged),
                        ResponseTypes.multipleInstancesOf(InstanceHolding.class)).join().stream()
                .collect(Collectors.toMap(InstanceHolding::instanceId, Function.identity(), (a, b) -> a));

        List<String> deleted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Instant now = clock.instant();
        for (ProviderServer server : servers) {
            orphanReason(server.tags(), believed, server.createdAt(), now).ifPresent(reason -> {
                try {
                    provider.deleteServer(server.zone(), server.id());
                    events.publish(new OrphanServerDeleted(provider.code(), server.zone(), server.id(), server.name(),
                            instanceOf(server.tags()).orElse(null), reason, RECONCILER, clock.instant()));
                    deleted.add("server " + server.id());
                } catch (RuntimeException e) {
                    errors.add("deleting server " + server.id() + ": " + e.getMessage());
                }
            });
        }
        for (ProviderVolume volume : volumes) {
            orphanReason(volume.tags(), believed, volume.createdAt(), now).ifPresent(reason -> {
                try {
                    provider.deleteVolume(volume.zone(), volume.id());
                    events.publish(new OrphanVolumeDeleted(provider.code(), volume.zone(), volume.id(), volume.name(),
                            instanceOf(volume.tags()).orElse(null), reason, RECONCILER, clock.instant()));
                    deleted.add("volume " + volume.id());
                } catch (RuntimeException e) {
                    errors.add("deleting volume " + volume.id() + ": " + e.getMessage());
                }
            });
        }
        Set<String> serverIds = servers.stream().map(ProviderServer::id).collect(Collectors.toSet());
        List<InstanceId> vanished = new ArrayList<>();
        for (InstanceHolding holding : believed.values()) {
            if (holding.serverId() == null || holding.state().isFinished() || serverIds.contains(holding.serverId())) {
                continue;
            }
            if (confirmedGone(provider, holding)) {
                try {
                    commands.sendAndWait(new RecordServerVanished(holding.instanceId(), holding.serverId(), RECONCILER));
                    vanished.add(holding.instanceId());
                } catch (RuntimeException e) {
                    errors.add("recording the loss of server " + holding.serverId() + ": " + e.getMessage());
                }
            }
        }
        return new Round(servers.size(), volumes.size(), deleted, vanished, errors);
    }

    /** The listing is a snapshot: ask for the server itself before saying it is gone. */
    private static boolean confirmedGone(CloudProvider provider, InstanceHolding holding) {
        try {
            provider.getServer(holding.zone(), holding.serverId());
            return false;
        } catch (ProviderResourceNotFound gone) {
            return true;
        } catch (RuntimeException unsure) {
            return false;
        }
    }

    private Optional<String> orphanReason(List<String> tags, Map<InstanceId, InstanceHolding> believed, Instant createdAt, Instant now) {
        Optional<InstanceId> owner = instanceOf(tags);
        if (owner.isEmpty() || tags == null || !tags.contains(platform.tag())) {
            return Optional.empty();
        }
        InstanceHolding holding = believed.get(owner.get());
        if (holding == null) {
            // a provider that does not say when it made the resource gives it the benefit of the doubt
            boolean oldEnough = createdAt != null && createdAt.plus(settings.orphanGrace()).isBefore(now);
            return oldEnough && neverHeardOf(owner.get()) ? Optional.of("no instance of this platform is " + owner.get()) : Optional.empty();
        }
        if (holding.state().isFinished()) {
            return Optional.of("its instance is " + holding.state());
        }
        return Optional.empty();
    }

    private boolean neverHeardOf(InstanceId instance) {
        return !eventLog.readEvents(instance.toString()).hasNext();
    }

    private static Optional<InstanceId> instanceOf(List<String> tags) {
        if (tags == null) {
            return Optional.empty();
        }
        return tags.stream().filter(t -> t.startsWith(ProviderTags.PREFIX)).findFirst().flatMap(t -> {
            try {
                return Optional.of(InstanceId.of(t.substring(ProviderTags.PREFIX.length())));
            } catch (IllegalArgumentException notOurs) {
                return Optional.empty();
            }
        });
    }
}
