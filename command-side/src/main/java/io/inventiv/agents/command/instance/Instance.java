package io.inventiv.agents.command.instance;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.instance.ArchiveInstance;
import io.inventiv.agents.api.instance.CompleteTermination;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.DataVolumeDeleted;
import io.inventiv.agents.api.instance.FailProvisioning;
import io.inventiv.agents.api.instance.FailTermination;
import io.inventiv.agents.api.instance.InstanceArchived;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.api.instance.ProvisioningStepFailed;
import io.inventiv.agents.api.instance.RecordDataVolumeAttached;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceBooted;
import io.inventiv.agents.api.instance.RecordInstanceDrained;
import io.inventiv.agents.api.instance.RecordPowerOn;
import io.inventiv.agents.api.instance.RecordProviderServer;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordProvisioningStepFailed;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.command.catalog.CatalogLookup;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One machine asked for by an operator, from the request to its end. It decides which transitions
 * are allowed; the sagas report what the provider did, and it records those facts as events.
 */
@Aggregate
public class Instance {

    private static final String PROVISIONING_STATES = "be provisioned";

    @AggregateIdentifier
    private InstanceId id;
    private OrganizationId organizationId;
    private InstanceState state;
    private boolean archived;
    private String providerCode;
    private String zoneCode;
    private String serverId;
    private Set<String> volumeIds = new LinkedHashSet<>();

    protected Instance() {}

    @CommandHandler
    Instance(ProvisionInstance cmd, CatalogLookup catalog, Clock clock) {
        DeploymentCheck check = DeploymentCheck.of(cmd, catalog);
        apply(new InstanceProvisioningRequested(cmd.instanceId(), cmd.modelId(), cmd.typeId(), cmd.zoneId(),
                check.provider().id(), check.provider().code(), check.zone().code(), check.type().code(),
                check.model().spec().dataVolumeGb(), cmd.organizationId(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordProviderServer cmd, Clock clock) {
        requireNotFinished("record a server");
        if (cmd.serverId().equals(serverId)) {
            return;
        }
        if (serverId != null) {
            throw new InstanceStateConflict(id, state, "record a second server",
                    "instance " + id + " already holds server " + serverId + "; delete it before recording " + cmd.serverId());
        }
        apply(new ProviderServerCreated(id, cmd.serverId(), cmd.serverName(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordDataVolumeAttached cmd, Clock clock) {
        requireNotFinished("record a volume");
        if (volumeIds.contains(cmd.volumeId())) {
            return;
        }
        apply(new DataVolumeAttached(id, cmd.volumeId(), cmd.sizeGb(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordPowerOn cmd, Clock clock) {
        if (state == InstanceState.BOOTING || state == InstanceState.INSTALLING) {
            return;
        }
        requireState(InstanceState.PROVISIONING, "start booting");
        apply(new InstanceBootStarted(id, cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordInstanceBooted cmd, Clock clock) {
        if (state == InstanceState.INSTALLING) {
            return;
        }
        requireState(InstanceState.BOOTING, "finish booting");
        apply(new InstanceBooted(id, cmd.ipAddress(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordProvisioningStepFailed cmd, Clock clock) {
        requireProvisioning();
        apply(new ProvisioningStepFailed(id, cmd.step(), cmd.attempt(), cmd.reason(), cmd.willRetry(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(FailProvisioning cmd, Clock clock) {
        if (state == InstanceState.PROVISIONING_FAILED) {
            return;
        }
        requireProvisioning();
        apply(new InstanceProvisioningFailed(id, cmd.step(), cmd.reason(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(TerminateInstance cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        if (!state.canBeTerminated()) {
            throw new InstanceStateConflict(id, state, "be terminated");
        }
        apply(new InstanceTerminationRequested(id, state, providerCode, zoneCode, serverId, List.copyOf(volumeIds), cmd.requestedBy(), cmd.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordInstanceDrained cmd, Clock clock) {
        if (state == InstanceState.TERMINATING) {
            return;
        }
        requireState(InstanceState.DRAINING, "stop draining");
        apply(new InstanceDrained(id, cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordProviderServerDeleted cmd, Clock clock) {
        if (cmd.serverId().equals(serverId)) {
            apply(new ProviderServerDeleted(id, cmd.serverId(), cmd.recordedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordDataVolumeDeleted cmd, Clock clock) {
        if (volumeIds.contains(cmd.volumeId())) {
            apply(new DataVolumeDeleted(id, cmd.volumeId(), cmd.recordedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(CompleteTermination cmd, Clock clock) {
        if (state == InstanceState.TERMINATED) {
            return;
        }
        requireState(InstanceState.TERMINATING, "complete its termination");
        if (serverId != null || !volumeIds.isEmpty()) {
            throw new InstanceStateConflict(id, state, "complete its termination",
                    "instance " + id + " still holds " + holdings() + " at the provider");
        }
        apply(new InstanceTerminated(id, cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(FailTermination cmd, Clock clock) {
        if (state == InstanceState.FAILED) {
            return;
        }
        if (!state.isBeingTerminated()) {
            throw new InstanceStateConflict(id, state, "fail its termination");
        }
        apply(new InstanceTerminationFailed(id, cmd.reason(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(ArchiveInstance cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        if (!state.isFinished()) {
            throw new InstanceStateConflict(id, state, "be archived",
                    "instance " + id + " is " + state + "; only TERMINATED or PROVISIONING_FAILED instances can be archived");
        }
        if (archived) {
            throw new InstanceStateConflict(id, state, "be archived", "instance " + id + " is already archived");
        }
        apply(new InstanceArchived(id, cmd.requestedBy(), clock.instant()));
    }

    /** An instance of another organization does not exist for a caller acting within one: the same answer as an unknown id. */
    private void requireVisibleWithin(OrganizationId scope) {
        if (scope != null && !scope.equals(organizationId)) {
            throw new Rejected("not-found", "Not found", 404, "nothing with id " + id + " exists", Map.of("id", id.toString()));
        }
    }

    private void requireState(InstanceState expected, String action) {
        if (state != expected) {
            throw new InstanceStateConflict(id, state, action);
        }
    }

    private void requireProvisioning() {
        if (state != InstanceState.PROVISIONING && state != InstanceState.BOOTING) {
            throw new InstanceStateConflict(id, state, PROVISIONING_STATES);
        }
    }

    private void requireNotFinished(String action) {
        if (state.isFinished()) {
            throw new InstanceStateConflict(id, state, action);
        }
    }

    private String holdings() {
        List<String> held = new ArrayList<>();
        if (serverId != null) {
            held.add("server " + serverId);
        }
        volumeIds.forEach(v -> held.add("volume " + v));
        return String.join(", ", held);
    }

    @EventSourcingHandler
    void on(InstanceProvisioningRequested e) {
        id = e.instanceId();
        organizationId = e.organizationId();
        state = InstanceState.PROVISIONING;
        providerCode = e.providerCode();
        zoneCode = e.zoneCode();
    }

    @EventSourcingHandler
    void on(ProviderServerCreated e) {
        serverId = e.serverId();
    }

    @EventSourcingHandler
    void on(DataVolumeAttached e) {
        volumeIds.add(e.volumeId());
    }

    @EventSourcingHandler
    void on(InstanceBootStarted e) {
        state = InstanceState.BOOTING;
    }

    @EventSourcingHandler
    void on(InstanceBooted e) {
        state = InstanceState.INSTALLING;
    }

    /** Given up with nothing left at the provider: finished. With something left: FAILED, so it can be terminated. */
    @EventSourcingHandler
    void on(InstanceProvisioningFailed e) {
        state = serverId == null && volumeIds.isEmpty() ? InstanceState.PROVISIONING_FAILED : InstanceState.FAILED;
    }

    @EventSourcingHandler
    void on(InstanceTerminationRequested e) {
        state = InstanceState.DRAINING;
    }

    @EventSourcingHandler
    void on(InstanceDrained e) {
        state = InstanceState.TERMINATING;
    }

    @EventSourcingHandler
    void on(ProviderServerDeleted e) {
        serverId = null;
    }

    @EventSourcingHandler
    void on(DataVolumeDeleted e) {
        volumeIds.remove(e.volumeId());
    }

    @EventSourcingHandler
    void on(InstanceTerminated e) {
        state = InstanceState.TERMINATED;
    }

    @EventSourcingHandler
    void on(InstanceTerminationFailed e) {
        state = InstanceState.FAILED;
    }

    @EventSourcingHandler
    void on(InstanceArchived e) {
        archived = true;
    }
}
