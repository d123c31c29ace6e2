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
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceDrained;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.LifecycleSettings;
import io.inventiv.agents.saga.ProviderTags;
import io.inventiv.agents.saga.provisioning.ProvisioningSaga;
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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ends an instance: once it is drained, deletes its server and volumes at the provider (those recorded,
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
    private static final Actor SAGA = Actor.system("termination");

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient CloudProviders providers;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient LifecycleSettings settings;

    private InstanceId instanceId;
    private String providerCode;
    private String zone;
    private String serverId;
    private LinkedHashSet<String> volumeIds = new LinkedHashSet<>();
    private boolean drained;
    private int attempt;
    private String retryDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationRequested e) {
        instanceId = e.instanceId();
        providerCode = e.providerCode();
        zone = e.zoneCode();
        serverId = e.serverId();
        volumeIds.addAll(e.volumeIds());
        drain();
    }

    /** No traffic reaches an instance before the router learns it is READY; until then draining is immediate. */
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
        if (retryDeadline != null) {
            deadlines.cancelSchedule(RETRY, retryDeadline);
            retryDeadline = null;
        }
    }
}
