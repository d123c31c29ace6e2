package io.inventiv.agents.saga.installation;

import static org.axonframework.modelling.saga.SagaLifecycle.end;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.FailStartup;
import io.inventiv.agents.api.instance.InstallAttemptFailed;
import io.inventiv.agents.api.instance.InstallPhaseReached;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.RecordInstallAttemptFailed;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import io.inventiv.agents.api.instance.WorkerTokenRevoked;
import io.inventiv.agents.saga.LifecycleSettings;
import io.inventiv.agents.saga.provisioning.ProvisioningSaga;
import java.time.Duration;
import java.util.EnumSet;
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
 * Brings a booted machine to READY and keeps it there: installs the worker over SSH (each run of the
 * bootstrap script is an attempt, retried with backoff up to the limit, then STARTUP_FAILED with the
 * phase and the reason), waits for the worker's readiness (STARTUP_FAILED when it does not come), and
 * when a READY instance becomes UNREACHABLE and does not come back by itself, starts the worker again
 * over SSH (replacing a running agent from the second try on), a bounded number of times. A worker
 * whose token was revoked is not started again. Lives as long as the instance does.
 */
@Saga
@ProcessingGroup(ProvisioningSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class InstallationSaga {

    static final String RETRY = "install-retry";
    static final String RUN_CHECK = "install-run-check";
    static final String READY_TIMEOUT = "install-ready-timeout";
    static final String RECOVERY = "install-recovery";
    private static final Logger log = LoggerFactory.getLogger(InstallationSaga.class);
    private static final Actor SAGA = Actor.system("installation");

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient LifecycleSettings lifecycle;
    @Autowired
    private transient InstallSettings settings;
    @Autowired
    private transient InstallRunner installer;
    @Autowired
    private transient InstallRuns runs;

    private InstanceId instanceId;
    private String providerCode;
    private String zone;
    private String serverId;
    private String dataVolumeId;
    private ModelId modelId;
    private int contextLength;
    private int gpuCount;
    /** the last attempt started, numbered across the instance's life */
    private int attempt;
    /** attempts in the current round (the first installation, or one recovery) */
    private int tries;
    private boolean recovering;
    private boolean gaveUp;
    private String lastPhase;
    /** READY: a run that ends now changes nothing */
    private boolean serving;
    /** the worker's token was revoked: it is not installed again */
    private boolean revoked;
    private boolean awaitingEnd;
    private boolean registered;
    private EnumSet<ReadinessCheck> readiness = EnumSet.noneOf(ReadinessCheck.class);
    private String retryDeadline;
    private String runCheckDeadline;
    private String readyDeadline;
    private String recoveryDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceProvisioningRequested e) {
        instanceId = e.instanceId();
        providerCode = e.providerCode();
        zone = e.zoneCode();
        modelId = e.modelId();
        contextLength = e.contextLength();
        gpuCount = e.gpuCount();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(ProviderServerCreated e) {
        serverId = e.serverId();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(DataVolumeAttached e) {
        dataVolumeId = e.volumeId();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBooted e) {
        if (!settings.isEnabled() || attempt > 0) {
            return;
        }
        tries = 0;
        startAttempt();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstallPhaseReached e) {
        if (e.attempt() == attempt) {
            lastPhase = e.phase();
        }
    }

    /**
     * The script ran to its end. After a first installation the worker has to get ready in time; after a
     * restart of an unreachable worker, the instance is looked at again a while later.
     */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(WorkerInstalled e) {
        if (e.attempt() != attempt) {
            return;
        }
        runEnded();
        if (recovering) {
            scheduleRecovery();
        } else if (!serving && readyDeadline == null) {
            readyDeadline = deadlines.schedule(settings.readyTimeout(), READY_TIMEOUT);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstallAttemptFailed e) {
        if (e.attempt() != attempt) {
            return;
        }
        runEnded();
        if (serving) {
            return;
        }
        if (e.willRetry()) {
            retryDeadline = deadlines.schedule(lifecycle.backoffAfter(tries), RETRY);
        } else {
            giveUp(e.phase(), (recovering ? "restarting the worker" : "installing the worker") + " failed " + tries + " times; last: " + e.reason());
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(WorkerRegistered e) {
        registered = true;
        readiness.clear();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(WorkerReadinessReported e) {
        readiness.add(e.check());
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceReady e) {
        servingAgain();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBecameUnreachable e) {
        cancelDeadlines();
        serving = false;
        recovering = true;
        gaveUp = false;
        tries = 0;
        scheduleRecovery();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceRecovered e) {
        servingAgain();
    }

    /** A revoked worker is cut off for good: it is not started again, and the instance waits for its termination. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(WorkerTokenRevoked e) {
        revoked = true;
        cancel(RETRY, retryDeadline);
        cancel(RECOVERY, recoveryDeadline);
        retryDeadline = recoveryDeadline = null;
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        if (!gaveUp && !serving && !revoked) {
            startAttempt();
        }
    }

    @DeadlineHandler(deadlineName = RECOVERY)
    void recover() {
        recoveryDeadline = null;
        if (recovering && !gaveUp && !revoked) {
            log.info("Instance {} is still unreachable after {}: starting its worker again", instanceId, settings.recoveryDelay());
            startAttempt();
        }
    }

    /**
     * Looks at the run under way: its node keeps a lease on it, and ends it within the script's time limit.
     * A run whose lease went stale died with its node (a crash, a restart): a failed attempt.
     */
    @DeadlineHandler(deadlineName = RUN_CHECK)
    void checkRun() {
        runCheckDeadline = null;
        if (!awaitingEnd || serving) {
            return;
        }
        if (runs.standing(instanceId, attempt) == InstallRuns.Standing.LOST) {
            try {
                commands.sendAndWait(new RecordInstallAttemptFailed(instanceId, attempt, lastPhase == null ? "connect" : lastPhase,
                        "the run was lost with the platform node running it", tries < lifecycle.maxAttempts(), SAGA));
                return;
            } catch (RuntimeException e) {
                log.warn("Could not record the lost installation attempt {} of instance {}: {}", attempt, instanceId, e.getMessage());
            }
        }
        runCheckDeadline = deadlines.schedule(settings.runCheckInterval(), RUN_CHECK);
    }

    @DeadlineHandler(deadlineName = READY_TIMEOUT)
    void readyTimedOut() {
        readyDeadline = null;
        String waited = settings.readyTimeout().toSeconds() + " s";
        if (!registered) {
            fail("enrol", "the worker did not enrol within " + waited + " of its installation");
        } else {
            EnumSet<ReadinessCheck> missing = EnumSet.allOf(ReadinessCheck.class);
            missing.removeAll(readiness);
            fail("start_engine", "the engine was not ready within " + waited + " of the installation (" + missing + " not reported)");
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceStartupFailed e) {
        cancelDeadlines();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceProvisioningFailed e) {
        cancelDeadlines();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceServerVanished e) {
        cancelDeadlines();
    }

    /** Termination deletes the machine; a run under way ends with it, and its end is refused by the instance. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationRequested e) {
        cancelDeadlines();
        end();
    }

    private void servingAgain() {
        cancelDeadlines();
        serving = true;
        recovering = false;
        gaveUp = false;
        tries = 0;
    }

    /** Looks again after the delay, while tries remain; the first restart keeps a running agent, the next ones replace it. */
    private void scheduleRecovery() {
        if (revoked) {
            return;
        }
        if (tries >= lifecycle.maxAttempts()) {
            giveUp(lastPhase == null ? "start_agent" : lastPhase, "the worker did not answer again after " + tries + " restarts");
            return;
        }
        recoveryDeadline = deadlines.schedule(settings.recoveryDelay(), RECOVERY);
    }

    private void startAttempt() {
        boolean restartAgent = recovering && tries > 0;
        attempt++;
        tries++;
        lastPhase = null;
        awaitingEnd = true;
        runCheckDeadline = deadlines.schedule(settings.runCheckInterval(), RUN_CHECK);
        installer.start(new InstallJob(instanceId, attempt, providerCode, zone, serverId, modelId, contextLength, gpuCount,
                tries < lifecycle.maxAttempts(), restartAgent, dataVolumeId));
    }

    private void giveUp(String phase, String reason) {
        gaveUp = true;
        if (recovering) {
            log.warn("Instance {} stays UNREACHABLE: {}", instanceId, reason);
        } else {
            fail(phase, reason);
        }
    }

    private void fail(String phase, String reason) {
        try {
            commands.sendAndWait(new FailStartup(instanceId, phase, reason, SAGA));
        } catch (RuntimeException e) {
            log.warn("Could not record the failed start-up of instance {}: {}", instanceId, e.getMessage());
        }
    }

    private void runEnded() {
        awaitingEnd = false;
        cancel(RUN_CHECK, runCheckDeadline);
        runCheckDeadline = null;
    }

    /** Only event handlers cancel: cancelling a deadline from its own handler fails its commit (see ProvisioningSaga). */
    private void cancelDeadlines() {
        cancel(RETRY, retryDeadline);
        cancel(RUN_CHECK, runCheckDeadline);
        cancel(READY_TIMEOUT, readyDeadline);
        cancel(RECOVERY, recoveryDeadline);
        retryDeadline = runCheckDeadline = readyDeadline = recoveryDeadline = null;
        awaitingEnd = false;
    }

    private void cancel(String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
    }
}
