package io.inventiv.agents.saga.provisioning;

import static org.axonframework.modelling.saga.SagaLifecycle.end;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.FailProvisioning;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProvisioningStep;
import io.inventiv.agents.api.instance.RecordDataVolumeAttached;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceBooted;
import io.inventiv.agents.api.instance.RecordPowerOn;
import io.inventiv.agents.api.instance.RecordProviderServer;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordProvisioningStepFailed;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderException;
import io.inventiv.agents.provider.ProviderResourceNotFound;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.provider.ServerSpec;
import io.inventiv.agents.provider.VolumeSpec;
import io.inventiv.agents.saga.LifecycleSettings;
import io.inventiv.agents.saga.PlatformIdentity;
import io.inventiv.agents.saga.ProviderTags;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * Gets a machine from the provider for a requested instance: create the server (found again by its
 * tag if an earlier try made it), create and attach the data volume, power on, wait for the address.
 * A failed step is retried with backoff; when the tries run out, what was made is deleted and the
 * instance ends in PROVISIONING_FAILED with the reason.
 */
@Saga
@ProcessingGroup(ProvisioningSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class ProvisioningSaga {

    /** Both lifecycle sagas share one processor, so each sees an instance's events in the order they happened. */
    public static final String PROCESSING_GROUP = "instance-lifecycle";
    static final String RETRY = "provisioning-retry";
    static final String POLL = "provisioning-poll";
    static final String BOOT_TIMEOUT = "provisioning-boot-timeout";
    private static final Logger log = LoggerFactory.getLogger(ProvisioningSaga.class);
    private static final Actor SAGA = Actor.system("provisioning");

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient CloudProviders providers;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient LifecycleSettings settings;
    @Autowired
    private transient PlatformIdentity platform;

    private InstanceId instanceId;
    private String providerCode;
    private String zone;
    private String commercialType;
    private int dataVolumeGb;
    private String serverId;
    private String volumeId;
    private ProvisioningStep step;
    private int attempt;
    private String failure;
    private boolean booted;
    private String retryDeadline;
    private String pollDeadline;
    private String bootDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceProvisioningRequested e) {
        instanceId = e.instanceId();
        providerCode = e.providerCode();
        zone = e.zoneCode();
        commercialType = e.typeCode();
        dataVolumeGb = e.dataVolumeGb();
        begin(ProvisioningStep.CREATE_SERVER);
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(ProviderServerCreated e) {
        serverId = e.serverId();
        if (step == ProvisioningStep.CREATE_SERVER) {
            begin(ProvisioningStep.ATTACH_DATA_VOLUME);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(DataVolumeAttached e) {
        volumeId = e.volumeId();
        if (step == ProvisioningStep.ATTACH_DATA_VOLUME) {
            begin(ProvisioningStep.POWER_ON);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBootStarted e) {
        if (step != ProvisioningStep.POWER_ON) {
            return;
        }
        step = ProvisioningStep.WAIT_FOR_ADDRESS;
        attempt = 0;
        bootDeadline = deadlines.schedule(settings.bootTimeout(), BOOT_TIMEOUT);
        pollDeadline = deadlines.schedule(settings.pollInterval(), POLL);
    }

    /** A deadline being handled cannot be cancelled by its own handler: forget it first. */
    @DeadlineHandler(deadlineName = POLL)
    void onPoll() {
        pollDeadline = null;
        pollAddress();
    }

    private void pollAddress() {
        if (!waitingForAddress()) {
            return;
        }
        try {
            if (!recordBootIfRunning()) {
                pollDeadline = deadlines.schedule(settings.pollInterval(), POLL);
            }
        } catch (ProviderResourceNotFound e) {
            giveUp(ProvisioningStep.WAIT_FOR_ADDRESS, "the server disappeared at the provider while booting");
        } catch (RuntimeException e) {
            pollDeadline = deadlines.schedule(settings.pollInterval(), POLL);
        }
    }

    /**
     * Looks at the server one last time before giving up: after a restart, the poll and the timeout may
     * both be overdue, and a server that did boot must not be deleted for it.
     */
    @DeadlineHandler(deadlineName = BOOT_TIMEOUT)
    void bootTimedOut() {
        bootDeadline = null;
        if (!waitingForAddress()) {
            return;
        }
        try {
            if (recordBootIfRunning()) {
                return;
            }
        } catch (RuntimeException e) {
            log.warn("Last look at the server of instance {} failed: {}", instanceId, e.getMessage());
        }
        giveUp(ProvisioningStep.WAIT_FOR_ADDRESS, "the server did not run with an address within " + settings.bootTimeout());
    }

    private boolean waitingForAddress() {
        return step == ProvisioningStep.WAIT_FOR_ADDRESS && failure == null && !booted;
    }

    private boolean recordBootIfRunning() {
        ProviderServer server = provider().getServer(zone, serverId);
        if (!server.isRunningWithAddress()) {
            return false;
        }
        commands.sendAndWait(new RecordInstanceBooted(instanceId, server.ipAddress(), SAGA));
        booted = true;
        return true;
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        if (failure == null) {
            run();
        } else {
            compensate();
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBooted e) {
        cancelDeadlines();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceProvisioningFailed e) {
        cancelDeadlines();
    }

    /** The termination saga takes over whatever exists; provisioning stops here. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationRequested e) {
        cancelDeadlines();
        end();
    }

    private void begin(ProvisioningStep next) {
        step = next;
        attempt = 0;
        run();
    }

    private void run() {
        attempt++;
        try {
            switch (step) {
                case CREATE_SERVER -> createServer();
                case ATTACH_DATA_VOLUME -> attachVolume();
                case POWER_ON -> powerOn();
                case WAIT_FOR_ADDRESS -> pollAddress();
            }
        } catch (ProviderException e) {
            stepFailed(e.getMessage() == null ? e.type() : e.getMessage(), !e.noCapacity());
        } catch (RuntimeException e) {
            // a provider's refusal, but also an adapter's or a command's failure: all are retried, none is dropped
            stepFailed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), true);
        }
    }

    private void createServer() {
        String tag = ProviderTags.of(instanceId);
        ProviderServer server = provider().findServerByTag(zone, tag)
                .orElseGet(() -> provider().createServer(new ServerSpec(zone, ProviderTags.serverName(instanceId), commercialType, List.of(tag, platform.tag()))));
        commands.sendAndWait(new RecordProviderServer(instanceId, server.id(), server.name(), SAGA));
    }

    private void attachVolume() {
        String tag = ProviderTags.of(instanceId);
        ProviderVolume volume = provider().findVolumeByTag(zone, tag)
                .orElseGet(() -> provider().createVolume(new VolumeSpec(zone, ProviderTags.volumeName(instanceId), dataVolumeGb, List.of(tag, platform.tag()))));
        volumeId = volume.id();
        provider().attachVolume(zone, serverId, volume.id());
        commands.sendAndWait(new RecordDataVolumeAttached(instanceId, volume.id(), volume.sizeGb(), SAGA));
    }

    private void powerOn() {
        provider().powerOn(zone, serverId);
        commands.sendAndWait(new RecordPowerOn(instanceId, SAGA));
    }

    /**
     * @param worthRetrying {@code false} when the provider has no capacity for the request: the instance is given up at once, so that
     *                      whoever asked for it (an operator, the autoscaler) may ask elsewhere
     */
    private void stepFailed(String reason, boolean worthRetrying) {
        boolean willRetry = worthRetrying && attempt < settings.maxAttempts();
        commands.sendAndWait(new RecordProvisioningStepFailed(instanceId, step, attempt, reason, willRetry, SAGA));
        if (willRetry) {
            retryDeadline = deadlines.schedule(settings.backoffAfter(attempt), RETRY);
        } else if (!worthRetrying) {
            giveUp(step, step + " failed: no capacity at the provider (" + reason + ")");
        } else {
            giveUp(step, step + " failed after " + attempt + " attempts: " + reason);
        }
    }

    /** Deadlines still pending find the saga failed and do nothing; they are cancelled when the failure is recorded. */
    private void giveUp(ProvisioningStep failedStep, String reason) {
        step = failedStep;
        failure = reason;
        attempt = 0;
        compensate();
    }

    /** Deletes what provisioning made, found by tag as well as by the ids recorded, then records the failure. */
    private void compensate() {
        attempt++;
        try {
            CloudProvider provider = provider();
            String tag = ProviderTags.of(instanceId);
            Set<String> servers = new LinkedHashSet<>();
            if (serverId != null) {
                servers.add(serverId);
            }
            provider.listServers(zone, tag).forEach(s -> servers.add(s.id()));
            for (String id : servers) {
                provider.deleteServer(zone, id);
                commands.sendAndWait(new RecordProviderServerDeleted(instanceId, id, SAGA));
            }
            Set<String> volumes = new LinkedHashSet<>();
            if (volumeId != null) {
                volumes.add(volumeId);
            }
            provider.listVolumes(zone, tag).forEach(v -> volumes.add(v.id()));
            for (String id : volumes) {
                provider.deleteVolume(zone, id);
                commands.sendAndWait(new RecordDataVolumeDeleted(instanceId, id, SAGA));
            }
            serverId = null;
            volumeId = null;
            commands.sendAndWait(new FailProvisioning(instanceId, step, failure, SAGA));
        } catch (RuntimeException e) {
            if (attempt < settings.maxAttempts()) {
                log.warn("Cleaning up instance {} failed (attempt {}): {}", instanceId, attempt, e.getMessage());
                retryDeadline = deadlines.schedule(settings.backoffAfter(attempt), RETRY);
            } else {
                commands.sendAndWait(new FailProvisioning(instanceId, step,
                        failure + "; deleting what was made also failed (" + e.getMessage() + "), left for reconciliation", SAGA));
            }
        }
    }

    private CloudProvider provider() {
        return providers.get(providerCode);
    }

    /**
     * Only event handlers cancel: a deadline handler may run while another deadline of this saga is
     * executing (both overdue after a restart), and cancelling an executing deadline fails its commit.
     */
    private void cancelDeadlines() {
        cancel(RETRY, retryDeadline);
        cancel(POLL, pollDeadline);
        cancel(BOOT_TIMEOUT, bootDeadline);
        retryDeadline = pollDeadline = bootDeadline = null;
    }

    private void cancel(String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
    }
}
