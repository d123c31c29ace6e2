package io.inventiv.agents.saga.autoscaling;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.scaling.EvaluateScaling;
import io.inventiv.agents.api.scaling.FleetMember;
import io.inventiv.agents.api.scaling.Launch;
import io.inventiv.agents.api.scaling.ReportLaunchFailed;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleFromZeroRequested;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.api.scaling.ScalingOutcome;
import io.inventiv.agents.api.scaling.ScalingSignals;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.MeasureFleet;
import io.inventiv.agents.saga.FleetTelemetry;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Keeps a model service's fleet as its scaling policy wants it. Every {@code evaluateEvery} (and at once when a request waits
 * at zero, or an instance is lost) it measures the fleet from the workers' heartbeats and reports fleet and signals to the
 * service, which decides ({@code EvaluateScaling}); it then starts the instances decided, terminates (drains first) the
 * ones removed, reports those that could not be had or did not start so the next placement is tried, and terminates failed
 * ones (and those unreachable too long) so that nothing is billed for them. When the service is retired it terminates every
 * instance and ends once all are gone. It lives from the service's creation, which names the organization and model its
 * instances are started for.
 */
@Saga
@ProcessingGroup(AutoscalingSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class AutoscalingSaga {

    public static final String PROCESSING_GROUP = "autoscaling";
    static final String EVALUATE = "autoscaling-evaluate";
    static final String UNREACHABLE = "autoscaling-unreachable";
    static final Actor AUTOSCALER = Actor.system("autoscaler");
    private static final int REMEMBERED_LAUNCHES = 200;
    private static final Logger log = LoggerFactory.getLogger(AutoscalingSaga.class);

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient FleetTelemetry telemetry;
    @Autowired
    private transient AutoscalingSettings settings;
    @Autowired
    private transient Clock clock;

    private ModelServiceId serviceId;
    private OrganizationId organizationId;
    private ModelId modelId;
    private ScalingPolicy policy;
    private boolean retired;
    /** Instances of the service not being terminated, in the order they were started. */
    private List<Member> fleet = new ArrayList<>();
    /** Instances being terminated, until they are gone. */
    private List<InstanceId> leaving = new ArrayList<>();
    /** The latest instances started (or refused), so that a decision heard again starts none twice. */
    private List<InstanceId> launched = new ArrayList<>();
    private String evaluateDeadline;

    /**
     * @param readyAt     since when it serves; {@code null} while it does not
     * @param provisioned asked of the instance aggregate; one whose asking failed for no known reason is asked again
     */
    record Member(InstanceId instanceId, InstanceTypeId typeId, ZoneId zoneId, Instant readyAt, boolean provisioned) {

        boolean ready() {
            return readyAt != null;
        }

        Member readySince(Instant at) {
            return new Member(instanceId, typeId, zoneId, at, provisioned);
        }

        Member asProvisioned() {
            return new Member(instanceId, typeId, zoneId, readyAt, true);
        }
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ModelServiceCreated e) {
        serviceId = e.modelServiceId();
        organizationId = e.organizationId();
        modelId = e.modelId();
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ScalingPolicySet e) {
        serviceId = e.modelServiceId();
        organizationId = e.organizationId() != null ? e.organizationId() : organizationId;
        modelId = e.modelId() != null ? e.modelId() : modelId;
        policy = e.policy();
        if (policy == null) {
            cancelEvaluation();
            endIfEmpty();
            return;
        }
        if (organizationId == null || modelId == null) {
            log.error("Model service {} has a scaling policy but its organization and model are not known here: not autoscaled", serviceId);
            policy = null;
            return;
        }
        evaluate(0);
        scheduleEvaluation();
    }

    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ScaleFromZeroRequested e) {
        evaluate(e.heldRequests());
    }

    /** Usually started already from the evaluation's answer; a decision heard again starts nothing twice. */
    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ScaleUpDecided e) {
        launch(e.launches());
    }

    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ScaleDownDecided e) {
        remove(e.instances(), e.reason());
    }

    @SagaEventHandler(associationProperty = "modelServiceId")
    void on(ModelServiceRetired e) {
        retired = true;
        policy = null;
        cancelEvaluation();
        remove(fleet.stream().map(Member::instanceId).toList(), "model service retired");
        endIfEmpty();
    }

    /** Still UNREACHABLE after the time allowed (the platform's own recovery included): lost, and replaced. */
    @DeadlineHandler(deadlineName = UNREACHABLE)
    void unreachableTooLong(InstanceId instanceId) {
        member(instanceId).filter(m -> !m.ready() && m.provisioned()).ifPresent(m -> lost(instanceId,
                "unreachable for " + settings.replaceUnreachableAfter().toSeconds() + " s; replaced by the autoscaler"));
    }

    @DeadlineHandler(deadlineName = EVALUATE)
    void evaluateNow() {
        evaluateDeadline = null;
        evaluate(0);
        scheduleEvaluation();
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceReady e) {
        markReady(e.instanceId(), e.at());
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceRecovered e) {
        markReady(e.instanceId(), e.at());
    }

    /** Its deadline is not cancelled on recovery: it finds the instance READY again and does nothing. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceBecameUnreachable e) {
        if (member(e.instanceId()).isPresent()) {
            markReady(e.instanceId(), null);
            deadlines.schedule(settings.replaceUnreachableAfter(), UNREACHABLE, e.instanceId());
        }
    }

    /** The placement could not give the instance: passed over for a while, and the next placement is asked at once. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceProvisioningFailed e) {
        failedLaunch(e.instanceId(), "provisioning failed at " + e.step() + ": " + e.reason(), "provisioning failed");
    }

    /** A start-up that fails (a model too large, a gated model) would fail again at once: its placement is passed over too. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceStartupFailed e) {
        failedLaunch(e.instanceId(), "start-up failed at " + e.phase() + ": " + e.reason(), "start-up failed");
    }

    private void failedLaunch(InstanceId id, String reason, String what) {
        member(id).ifPresent(m -> {
            fleet.remove(m);
            reportLaunchFailed(m, reason);
            terminateWhatIsLeft(id, what + "; replaced by the autoscaler");
            evaluate(0);
        });
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceServerVanished e) {
        lost(e.instanceId(), "its server vanished at the provider; replaced by the autoscaler");
    }

    /** Whoever asked (the autoscaler, an operator, the service's retirement), the instance no longer counts; a lost one is replaced. */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationRequested e) {
        boolean wasMember = member(e.instanceId()).map(fleet::remove).orElse(false);
        if (!leaving.contains(e.instanceId())) {
            leaving.add(e.instanceId());
        }
        if (wasMember) {
            evaluate(0);
        }
    }

    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminated e) {
        leaving.remove(e.instanceId());
        SagaLifecycle.removeAssociationWith("instanceId", e.instanceId().toString());
        endIfEmpty();
    }

    /**
     * FAILED with something left at the provider after the termination's own retries: left to an operator (it may be terminated
     * again, and the action log says why), not asked again in a loop.
     */
    @SagaEventHandler(associationProperty = "instanceId")
    void on(InstanceTerminationFailed e) {
        log.error("Instance {} of model service {} could not be deleted at its provider: {}", e.instanceId(), serviceId, e.reason());
        leaving.remove(e.instanceId());
        endIfEmpty();
    }

    private void evaluate(int heldRequests) {
        if (retired || policy == null) {
            return;
        }
        fleet.stream().filter(m -> !m.provisioned()).toList().forEach(this::provision);
        Instant now = clock.instant();
        List<InstanceId> ids = fleet.stream().map(Member::instanceId).toList();
        Duration idleWindow = policy.scaleToZeroAfter() == null ? settings.signalWindow() : policy.scaleToZeroAfter();
        FleetLoad load;
        try {
            load = telemetry.measure(new MeasureFleet(ids, now.minus(settings.signalWindow()), now.minus(policy.scaleDownCooldown()),
                    now.minus(idleWindow)));
        } catch (RuntimeException e) {
            log.warn("Could not measure the fleet of model service {}: {}", serviceId, e.getMessage());
            return;
        }
        ScalingSignals signals = Signals.of(fleet, load, heldRequests, now, idleWindow);
        ScalingOutcome outcome;
        try {
            outcome = commands.sendAndWait(new EvaluateScaling(serviceId, Signals.members(fleet, load), signals, AUTOSCALER));
        } catch (RuntimeException e) {
            log.warn("Model service {} could not evaluate its scale: {}", serviceId, e.getMessage());
            return;
        }
        if (outcome != null) {
            launch(outcome.launched());
            // terminated when the decision is heard, with its reason; no longer counted from now on
            outcome.removed().forEach(id -> member(id).ifPresent(fleet::remove));
        }
    }

    private void launch(List<Launch> launches) {
        for (Launch launch : launches) {
            if (launched.contains(launch.instanceId())) {
                continue;
            }
            launched.add(launch.instanceId());
            if (launched.size() > REMEMBERED_LAUNCHES) {
                launched.remove(0);
            }
            Member member = new Member(launch.instanceId(), launch.typeId(), launch.zoneId(), null, false);
            fleet.add(member);
            SagaLifecycle.associateWith("instanceId", launch.instanceId().toString());
            provision(member);
        }
    }

    /**
     * Asks for the instance once; refused (the catalog no longer offers the placement), the placement is passed over; failed for
     * another reason (the command's outcome unknown), it is asked again at the next evaluation, which its id makes safe.
     */
    private void provision(Member member) {
        try {
            commands.sendAndWait(new ProvisionInstance(member.instanceId(), modelId, member.typeId(), member.zoneId(), organizationId, AUTOSCALER));
        } catch (RuntimeException e) {
            if (refused(e)) {
                fleet.remove(member);
                reportLaunchFailed(member, "refused: " + e.getMessage());
                return;
            }
            if (!startedAlready(e)) {
                log.warn("Instance {} of model service {} could not be asked for; asked again later: {}", member.instanceId(), serviceId,
                        e.getMessage());
                return;
            }
        }
        replace(member, member.asProvisioned());
    }

    private void remove(List<InstanceId> instances, String reason) {
        for (InstanceId id : instances) {
            member(id).ifPresent(fleet::remove);
            if (!leaving.contains(id)) {
                leaving.add(id);
                terminateWhatIsLeft(id, reason);
            }
        }
    }

    private void lost(InstanceId id, String reason) {
        member(id).ifPresent(m -> {
            fleet.remove(m);
            terminateWhatIsLeft(id, reason);
            evaluate(0);
        });
    }

    /** Asks for the termination; an instance already gone or being terminated refuses it, which is fine. */
    private void terminateWhatIsLeft(InstanceId id, String reason) {
        try {
            commands.sendAndWait(new TerminateInstance(id, AUTOSCALER, reason, null));
        } catch (RuntimeException e) {
            log.debug("Instance {} was not terminated by the autoscaler: {}", id, e.getMessage());
        }
    }

    private void reportLaunchFailed(Member member, String reason) {
        try {
            commands.sendAndWait(new ReportLaunchFailed(serviceId, member.instanceId(), member.typeId(), member.zoneId(), reason,
                    clock.instant().plus(settings.placementRetryAfter()), AUTOSCALER));
        } catch (RuntimeException e) {
            log.warn("Could not report the failed launch of {} for model service {}: {}", member.instanceId(), serviceId, e.getMessage());
        }
    }

    private static boolean refused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Rejected) {
                return true;
            }
        }
        return false;
    }

    private static boolean startedAlready(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException || cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    private void markReady(InstanceId id, Instant at) {
        member(id).ifPresent(m -> replace(m, m.readySince(at)));
    }

    private void replace(Member old, Member updated) {
        int index = fleet.indexOf(old);
        if (index >= 0) {
            fleet.set(index, updated);
        }
    }

    private Optional<Member> member(InstanceId id) {
        return fleet.stream().filter(m -> m.instanceId().equals(id)).findFirst();
    }

    private void scheduleEvaluation() {
        if (evaluateDeadline == null && policy != null && !retired) {
            evaluateDeadline = deadlines.schedule(settings.evaluateEvery(), EVALUATE);
        }
    }

    /** Only event handlers cancel (see ProvisioningSaga): the deadline handler forgets its own deadline instead. */
    private void cancelEvaluation() {
        if (evaluateDeadline != null) {
            deadlines.cancelSchedule(EVALUATE, evaluateDeadline);
            evaluateDeadline = null;
        }
    }

    private void endIfEmpty() {
        if (policy == null && fleet.isEmpty() && leaving.isEmpty()) {
            SagaLifecycle.end();
        }
    }
}
