package io.inventiv.agents.saga.installation;

import static org.axonframework.modelling.saga.SagaLifecycle.end;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
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
 * over SSH. Lives as long as the instance does.
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
    /** Beyond the script's own timeout, how long the end of a run may take to be recorded before the run is taken as lost. */
    static final Duration LOST_RUN_MARGIN = Duration.ofMinutes(1);
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
    /** looks taken at the run under way: their number times the interval is how long it has run, at least */
    private int runChecks;
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

    @SagaEventHandler(associationProperty = "instanceId")
    void on(WorkerInstalled e) {
        if (e.attempt() != attempt) {
            return;
        }
        runEnded();
        if (!recovering && readyDeadline == null) {
            readyDeadline = deadlines.schedule(settings.readyTimeout(), READY_TIMEOUT);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstallAttemptFailed e) {
        if (e.attempt() != attempt) {
            return;
        }
        runEnded();
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
        cancelDeadlines();
        recovering = false;
        gaveUp = false;
        tries = 0;
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBecameUnreachable e) {
        cancelDeadlines();
        recovering = true;
        gaveUp = false;
        tries = 0;
        recoveryDeadline = deadlines.schedule(settings.recoveryDelay(), RECOVERY);
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceRecovered e) {
        cancelDeadlines();
        recovering = false;
        gaveUp = false;
        tries = 0;
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        retryDeadline = null;
        if (!gaveUp) {
            startAttempt();
        }
    }

    @DeadlineHandler(deadlineName = RECOVERY)
    void recover() {
        recoveryDeadline = null;
        if (recovering && !gaveUp) {
            log.info("Instance {} is still unreachable after {}: starting its worker again", instanceId, settings.recoveryDelay());
            startAttempt();
        }
    }

    /**
     * Looks at the run under way: its node keeps a lease on it. A run whose lease went stale died with its
     * node (a crash, a restart), and one that outlived its time limit is stuck: either is a failed attempt.
     */
    @DeadlineHandler(deadlineName = RUN_CHECK)
    void checkRun() {
        runCheckDeadline = null;
        if (!awaitingEnd) {
            return;
        }
        InstallRuns.Standing standing = runs.standing(instanceId, attempt);
        runChecks++;
        boolean overdue = settings.runCheckInterval().multipliedBy(runChecks).compareTo(runLimit()) > 0;
        if (standing == InstallRuns.Standing.LOST || overdue) {
            String reason = overdue ? "no end of the run was recorded within " + runLimit().toSeconds() + " s"
                    : "the run was lost with the platform node running it";
            try {
                commands.sendAndWait(new RecordInstallAttemptFailed(instanceId, attempt, lastPhase == null ? "connect" : lastPhase, reason,
                        tries < lifecycle.maxAttempts(), SAGA));
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

    private void startAttempt() {
        attempt++;
        tries++;
        lastPhase = null;
        runChecks = 0;
        awaitingEnd = true;
        runCheckDeadline = deadlines.schedule(settings.runCheckInterval(), RUN_CHECK);
        installer.start(new InstallJob(instanceId, attempt, providerCode, zone, serverId, modelId, contextLength, gpuCount,
                tries < lifecycle.maxAttempts()));
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

    private Duration runLimit() {
        return settings.timeout().plus(LOST_RUN_MARGIN);
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
