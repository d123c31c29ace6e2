package io.inventiv.agents.command.instance;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.ArchiveInstance;
import io.inventiv.agents.api.instance.CompleteTermination;
import io.inventiv.agents.api.instance.ConfirmWorkerToken;
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
import io.inventiv.agents.api.instance.FailStartup;
import io.inventiv.agents.api.instance.InstallAttemptFailed;
import io.inventiv.agents.api.instance.InstallPhaseReached;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.IssueBootstrapToken;
import io.inventiv.agents.api.instance.MarkInstanceUnreachable;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.RecordInstallAttemptFailed;
import io.inventiv.agents.api.instance.RecordInstallPhase;
import io.inventiv.agents.api.instance.RecordServerVanished;
import io.inventiv.agents.api.instance.RecordWorkerEndpoints;
import io.inventiv.agents.api.instance.RecordWorkerInstalled;
import io.inventiv.agents.api.instance.RegisterWorker;
import io.inventiv.agents.api.instance.ReportWorkerReadiness;
import io.inventiv.agents.api.instance.RequestWorkerTokenRotation;
import io.inventiv.agents.api.instance.RevokeWorkerToken;
import io.inventiv.agents.api.instance.RotateWorkerToken;
import io.inventiv.agents.api.instance.WorkerBootstrapTokenIssued;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import io.inventiv.agents.api.instance.WorkerTokenConfirmed;
import io.inventiv.agents.api.instance.WorkerTokenRevoked;
import io.inventiv.agents.api.instance.WorkerTokenRotated;
import io.inventiv.agents.api.instance.WorkerTokenRotationRequested;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.command.catalog.CatalogLookup;
import io.inventiv.agents.support.web.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
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
    /** States in which the machine is up and a worker may be installed on it, enrol and report. */
    private static final Set<InstanceState> WORKER_STATES = EnumSet.of(InstanceState.INSTALLING, InstanceState.STARTING,
            InstanceState.READY, InstanceState.UNREACHABLE);
    private static final Set<InstanceState> STARTING_STATES = EnumSet.of(InstanceState.INSTALLING, InstanceState.STARTING);

    @AggregateIdentifier
    private InstanceId id;
    private OrganizationId organizationId;
    private InstanceState state;
    private boolean archived;
    private String providerCode;
    private String zoneCode;
    private String serverId;
    private Set<String> volumeIds = new LinkedHashSet<>();
    private ModelId modelId;
    private String ipAddress;
    private int lastInstalledAttempt;
    private String bootstrapTokenHash;
    private Instant bootstrapTokenExpiresAt;
    private String workerTokenHash;
    /** the token a rotation replaced, good until the worker is heard with the new one */
    private String replacedTokenHash;
    /** an operator cut the worker off: no token is issued to this machine again */
    private boolean workerRevoked;
    private String engineUrl;
    private String agentUrl;
    private Set<ReadinessCheck> readiness = EnumSet.noneOf(ReadinessCheck.class);

    protected Instance() {}

    @CommandHandler
    Instance(ProvisionInstance cmd, CatalogLookup catalog, Clock clock) {
        DeploymentCheck check = DeploymentCheck.of(cmd, catalog);
        apply(new InstanceProvisioningRequested(cmd.instanceId(), cmd.modelId(), cmd.typeId(), cmd.zoneId(),
                check.provider().id(), check.provider().code(), check.zone().code(), check.type().code(),
                check.model().spec().dataVolumeGb(), cmd.organizationId(), cmd.requestedBy(), clock.instant(),
                check.model().spec().contextLength(), check.type().spec().gpuCount()));
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
        if (state == InstanceState.BOOTING || WORKER_STATES.contains(state)) {
            return;
        }
        requireState(InstanceState.PROVISIONING, "start booting");
        apply(new InstanceBootStarted(id, cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordInstanceBooted cmd, Clock clock) {
        if (WORKER_STATES.contains(state)) {
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
    void handle(IssueBootstrapToken cmd, Clock clock) {
        requireWorkerState("have a worker installed");
        if (workerRevoked) {
            throw new InstanceStateConflict(id, state, "have a worker installed",
                    "the worker of instance " + id + " was revoked; terminate the instance to replace its machine");
        }
        apply(new WorkerBootstrapTokenIssued(id, cmd.attempt(), cmd.tokenHash(), cmd.expiresAt(), cmd.issuedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordInstallPhase cmd, Clock clock) {
        requireWorkerState("have a worker installed");
        apply(new InstallPhaseReached(id, cmd.attempt(), cmd.phase(), cmd.excerpt(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RecordInstallAttemptFailed cmd, Clock clock) {
        requireWorkerState("have a worker installed");
        apply(new InstallAttemptFailed(id, cmd.attempt(), cmd.phase(), cmd.reason(), cmd.willRetry(), cmd.recordedBy(), clock.instant()));
    }

    /** The end of a bootstrap script: STARTING after a first installation; a re-installation on a live instance changes no state. */
    @CommandHandler
    void handle(RecordWorkerInstalled cmd, Clock clock) {
        requireWorkerState("have a worker installed");
        if (cmd.attempt() <= lastInstalledAttempt) {
            return;
        }
        apply(new WorkerInstalled(id, cmd.attempt(), cmd.recordedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(FailStartup cmd, Clock clock) {
        if (state == InstanceState.STARTUP_FAILED) {
            return;
        }
        if (!STARTING_STATES.contains(state)) {
            throw new InstanceStateConflict(id, state, "fail its start-up");
        }
        apply(new InstanceStartupFailed(id, cmd.phase(), cmd.reason(), cmd.recordedBy(), clock.instant()));
    }

    /** One bootstrap token, once, before it expires, on a machine that is up; anything else is an invalid token, whatever the reason. */
    @CommandHandler
    void handle(RegisterWorker cmd, Clock clock) {
        Instant now = clock.instant();
        if (!WORKER_STATES.contains(state) || workerRevoked || bootstrapTokenHash == null || !sameHash(bootstrapTokenHash, cmd.bootstrapTokenHash())
                || !now.isBefore(bootstrapTokenExpiresAt)) {
            throw invalidToken();
        }
        apply(new WorkerRegistered(id, cmd.workerTokenHash(), "http://" + ipAddress + ":" + cmd.agentPort(),
                "http://" + ipAddress + ":" + cmd.enginePort(), cmd.engineKind(), cmd.agentVersion(), Actor.worker(id.toString()), now));
    }

    /**
     * What the worker's readiness means depends on where the instance is: while starting, each check
     * that holds for the first time is recorded and all three make it READY; a READY instance whose
     * engine no longer serves becomes UNREACHABLE; an UNREACHABLE one whose engine serves again recovers.
     */
    @CommandHandler
    void handle(ReportWorkerReadiness cmd, Clock clock) {
        requireWorkerState("report readiness");
        Instant now = clock.instant();
        boolean allHold = cmd.holding().containsAll(EnumSet.allOf(ReadinessCheck.class));
        switch (state) {
            case INSTALLING, STARTING -> {
                for (ReadinessCheck check : ReadinessCheck.values()) {
                    if (cmd.holding().contains(check) && !readiness.contains(check)) {
                        apply(new WorkerReadinessReported(id, check, cmd.reportedBy(), now));
                    }
                }
                if (allHold) {
                    apply(new InstanceReady(id, modelId, engineUrl, cmd.reportedBy(), now));
                }
            }
            case READY -> {
                if (!allHold) {
                    EnumSet<ReadinessCheck> missing = EnumSet.allOf(ReadinessCheck.class);
                    missing.removeAll(cmd.holding());
                    apply(new InstanceBecameUnreachable(id, "the worker reports its engine not ready (" + missing + " not holding)",
                            now, cmd.reportedBy(), now));
                }
            }
            case UNREACHABLE -> {
                if (allHold) {
                    apply(new InstanceRecovered(id, modelId, engineUrl, cmd.reportedBy(), now));
                }
            }
            default -> { }
        }
    }

    @CommandHandler
    void handle(RecordWorkerEndpoints cmd, Clock clock) {
        if (workerTokenHash == null || !WORKER_STATES.contains(state)) {
            throw new InstanceStateConflict(id, state, "move its worker", "instance " + id + " is " + state + " and has no enrolled worker");
        }
        String agent = "http://" + ipAddress + ":" + cmd.agentPort();
        String engine = "http://" + ipAddress + ":" + cmd.enginePort();
        if (!agent.equals(agentUrl) || !engine.equals(engineUrl)) {
            apply(new WorkerEndpointsChanged(id, agent, engine, cmd.reportedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(MarkInstanceUnreachable cmd, Clock clock) {
        if (state == InstanceState.READY) {
            apply(new InstanceBecameUnreachable(id, cmd.reason(), cmd.lastHeartbeatAt(), cmd.recordedBy(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RequestWorkerTokenRotation cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        requireEnrolledWorker("have its worker token rotated");
        apply(new WorkerTokenRotationRequested(id, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RotateWorkerToken cmd, Clock clock) {
        boolean current = workerTokenHash != null && sameHash(workerTokenHash, cmd.currentTokenHash());
        boolean replacedButUnconfirmed = replacedTokenHash != null && sameHash(replacedTokenHash, cmd.currentTokenHash());
        if (!(current || replacedButUnconfirmed) || !WORKER_STATES.contains(state)) {
            throw invalidToken();
        }
        apply(new WorkerTokenRotated(id, cmd.newTokenHash(), cmd.currentTokenHash(), Actor.worker(id.toString()), clock.instant()));
    }

    @CommandHandler
    void handle(ConfirmWorkerToken cmd, Clock clock) {
        if (replacedTokenHash != null && workerTokenHash != null && sameHash(workerTokenHash, cmd.tokenHash())) {
            apply(new WorkerTokenConfirmed(id, Actor.worker(id.toString()), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RevokeWorkerToken cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        requireEnrolledWorker("have its worker token revoked");
        apply(new WorkerTokenRevoked(id, cmd.reason(), cmd.requestedBy(), clock.instant()));
    }

    /** Only a server the instance holds, in a state where no saga is making, watching or deleting servers. */
    @CommandHandler
    void handle(RecordServerVanished cmd, Clock clock) {
        boolean sagaAtWork = state == InstanceState.PROVISIONING || state == InstanceState.BOOTING || state.isBeingTerminated()
                || state.isFinished();
        if (sagaAtWork || !cmd.serverId().equals(serverId)) {
            return;
        }
        apply(new InstanceServerVanished(id, cmd.serverId(), state, cmd.recordedBy(), clock.instant()));
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
            throw Rejected.notFound(id);
        }
    }

    private void requireWorkerState(String action) {
        if (!WORKER_STATES.contains(state)) {
            throw new InstanceStateConflict(id, state, action);
        }
    }

    private void requireEnrolledWorker(String action) {
        if (workerTokenHash == null || !WORKER_STATES.contains(state)) {
            throw new InstanceStateConflict(id, state, action, "instance " + id + " is " + state + " and has no enrolled worker");
        }
    }

    private static boolean sameHash(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    private static Rejected invalidToken() {
        return new Rejected("invalid-token", "Unauthorized", 401, "the token is not valid", Map.of());
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
        modelId = e.modelId();
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
        ipAddress = e.ipAddress();
    }

    @EventSourcingHandler
    void on(WorkerBootstrapTokenIssued e) {
        bootstrapTokenHash = e.tokenHash();
        bootstrapTokenExpiresAt = e.expiresAt();
    }

    @EventSourcingHandler
    void on(WorkerInstalled e) {
        lastInstalledAttempt = e.attempt();
        if (state == InstanceState.INSTALLING) {
            state = InstanceState.STARTING;
        }
    }

    @EventSourcingHandler
    void on(InstanceStartupFailed e) {
        state = InstanceState.STARTUP_FAILED;
    }

    /** The bootstrap token is spent; readiness is earned again by the worker now enrolled. */
    @EventSourcingHandler
    void on(WorkerRegistered e) {
        bootstrapTokenHash = null;
        workerTokenHash = e.workerTokenHash();
        replacedTokenHash = null;
        engineUrl = e.engineUrl();
        agentUrl = e.agentUrl();
        readiness.clear();
    }

    @EventSourcingHandler
    void on(WorkerEndpointsChanged e) {
        agentUrl = e.agentUrl();
        engineUrl = e.engineUrl();
    }

    @EventSourcingHandler
    void on(WorkerReadinessReported e) {
        readiness.add(e.check());
    }

    @EventSourcingHandler
    void on(InstanceReady e) {
        state = InstanceState.READY;
    }

    @EventSourcingHandler
    void on(InstanceBecameUnreachable e) {
        state = InstanceState.UNREACHABLE;
    }

    @EventSourcingHandler
    void on(InstanceRecovered e) {
        state = InstanceState.READY;
    }

    @EventSourcingHandler
    void on(WorkerTokenRotated e) {
        workerTokenHash = e.workerTokenHash();
        replacedTokenHash = e.replacedTokenHash();
    }

    @EventSourcingHandler
    void on(WorkerTokenConfirmed e) {
        replacedTokenHash = null;
    }

    @EventSourcingHandler
    void on(WorkerTokenRevoked e) {
        workerTokenHash = null;
        replacedTokenHash = null;
        bootstrapTokenHash = null;
        workerRevoked = true;
    }

    @EventSourcingHandler
    void on(InstanceServerVanished e) {
        serverId = null;
        state = InstanceState.FAILED;
    }

    /** Given up with nothing left at the provider: finished. With something left: FAILED, so it can be terminated. */
    @EventSourcingHandler
    void on(InstanceProvisioningFailed e) {
        state = serverId == null && volumeIds.isEmpty() ? InstanceState.PROVISIONING_FAILED : InstanceState.FAILED;
    }

    @EventSourcingHandler
    void on(InstanceTerminationRequested e) {
        state = InstanceState.DRAINING;
        workerTokenHash = null;
        replacedTokenHash = null;
        bootstrapTokenHash = null;
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
