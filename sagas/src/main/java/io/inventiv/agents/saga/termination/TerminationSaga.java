package io.inventiv.agents.saga.termination;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.CompleteTermination;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.DataVolumeDeleted;
import io.inventiv.agents.api.instance.FailTermination;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceDrained;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.MeasureFleet;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.FleetTelemetry;
import io.inventiv.agents.saga.LifecycleSettings;
import io.inventiv.agents.saga.ProviderTags;
import io.inventiv.agents.saga.provisioning.ProvisioningSaga;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ends an instance: drains it (a READY instance keeps its requests in flight until its worker reports none, heard after the
 * data plane has stopped sending it new ones, or until the drain times out), then deletes its server and volumes at the provider (those recorded,
 * those found by its tag, and those reported late by a provisioning step that was under way), and
 * records TERMINATED only when nothing is left. Deletions are retried with backoff; when the tries
 * run out the instance is FAILED and may be terminated again.
 */
@Saga
@ProcessingGroup(ProvisioningSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class TerminationSaga {

    static final String RETRY = "termination-retry";
    static final String DRAIN_CHECK = "termination-drain-check";
    static final String DRAIN_TIMEOUT = "termination-drain-timeout";
    private static final Actor SAGA = Actor.system("termination");
    private static final Logger log = LoggerFactory.getLogger(TerminationSaga.class);

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient CloudProviders providers;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient LifecycleSettings settings;
    @Autowired
    private transient FleetTelemetry telemetry;

    private InstanceId instanceId;
    private String providerCode;
    private String zone;
    private String serverId;
    private LinkedHashSet<String> volumeIds = new LinkedHashSet<>();
    private boolean drained;
    private int attempt;
    private String retryDeadline;
    /** Only a heartbeat received from then on can show the instance idle; {@code null}: not waiting for one. */
    private Instant idleHeardAfter;
    private String drainTimeoutDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationRequested e) {
        instanceId = e.instanceId();
        providerCode = e.providerCode();
        zone = e.zoneCode();
        serverId = e.serverId();
        volumeIds.addAll(e.volumeIds());
        if (e.previousState() == InstanceState.READY) {
            idleHeardAfter = e.at().plus(settings.drainSettle());
            deadlines.schedule(settings.drainSettle(), DRAIN_CHECK);
            drainTimeoutDeadline = deadlines.schedule(settings.drainTimeout(), DRAIN_TIMEOUT);
        } else {
            drain();
        }
    }

    /**
     * Drained once a heartbeat heard after the data plane stopped sending new requests shows none running or queued. Never cancelled:
     * once the drain is over it does nothing and is not scheduled again.
     */
    @DeadlineHandler(deadlineName = DRAIN_CHECK)
    void checkDrain() {
        if (idleHeardAfter == null || drained) {
            return;
        }
        if (idle()) {
            idleHeardAfter = null;
            drain();
        } else {
            deadlines.schedule(settings.pollInterval(), DRAIN_CHECK);
        }
    }

    @DeadlineHandler(deadlineName = DRAIN_TIMEOUT)
    void drainTimedOut() {
        drainTimeoutDeadline = null;
        if (idleHeardAfter == null) {
            return;
        }
        log.warn("Instance {} still had requests in flight {} after its termination was asked; deleting it anyway", instanceId,
                settings.drainTimeout());
        idleHeardAfter = null;
        drain();
    }

    private boolean idle() {
        try {
            FleetLoad load = telemetry.measure(new MeasureFleet(List.of(instanceId), idleHeardAfter, idleHeardAfter, idleHeardAfter));
            return load.instances().stream().anyMatch(l -> !l.lastBeatAt().isBefore(idleHeardAfter)
                    && l.running() != null && l.running() == 0 && (l.waiting() == null || l.waiting() == 0));
        } catch (RuntimeException e) {
            log.warn("Could not read the heartbeats of instance {} while draining it: {}", instanceId, e.getMessage());
            return false;
        }
    }

    /** Nothing more is to reach the instance: the data plane has stopped, or never started, sending it requests. */
    private void drain() {
        attempt++;
        try {
            commands.sendAndWait(new RecordInstanceDrained(instanceId, SAGA));
            attempt = 0;
        } catch (RuntimeException e) {
            retryDeadline = deadlines.schedule(settings.backoffAfter(attempt), RETRY);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceDrained e) {
        drained = true;
        idleHeardAfter = null;
        // a drain check may be running right now (cancelling it would fail); it finds the drain over and does nothing
        cancel(DRAIN_TIMEOUT, drainTimeoutDeadline);
        drainTimeoutDeadline = null;
        deleteEverything();
    }

    /** A provisioning step that was under way when termination was asked made one more thing: delete it too. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(ProviderServerCreated e) {
        serverId = e.serverId();
        if (drained) {
            deleteEverything();
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(DataVolumeAttached e) {
        volumeIds.add(e.volumeId());
        if (drained) {
            deleteEverything();
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(ProviderServerDeleted e) {
        if (e.serverId().equals(serverId)) {
            serverId = null;
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(DataVolumeDeleted e) {
        volumeIds.remove(e.volumeId());
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        if (drained) {
            deleteEverything();
        } else {
            drain();
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminated e) {
        cancelRetry();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationFailed e) {
        cancelRetry();
    }

    private void deleteEverything() {
        if (retryDeadline != null) {
            return;
        }
        attempt++;
        try {
            CloudProvider provider = providers.get(providerCode);
            String tag = ProviderTags.of(instanceId);
            if (serverId != null) {
                provider.deleteServer(zone, serverId);
                commands.sendAndWait(new RecordProviderServerDeleted(instanceId, serverId, SAGA));
            }
            for (ProviderServer server : provider.listServers(zone, tag)) {
                provider.deleteServer(zone, server.id());
            }
            for (String volumeId : List.copyOf(volumeIds)) {
                provider.deleteVolume(zone, volumeId);
                commands.sendAndWait(new RecordDataVolumeDeleted(instanceId, volumeId, SAGA));
            }
            for (ProviderVolume volume : provider.listVolumes(zone, tag)) {
                provider.deleteVolume(zone, volume.id());
            }
            commands.sendAndWait(new CompleteTermination(instanceId, SAGA));
            attempt = 0;
        } catch (RuntimeException e) {
            if (attempt < settings.maxAttempts()) {
                retryDeadline = deadlines.schedule(settings.backoffAfter(attempt), RETRY);
            } else {
                commands.sendAndWait(new FailTermination(instanceId,
                        "the provider refused to delete the instance's resources " + attempt + " times: " + e.getMessage(), SAGA));
            }
        }
    }

    private void cancelRetry() {
        cancel(RETRY, retryDeadline);
        cancel(DRAIN_TIMEOUT, drainTimeoutDeadline);
        retryDeadline = drainTimeoutDeadline = null;
    }

    private void cancel(String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
    }
}
