package io.inventiv.agents.command.modelservice;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ChangeModelService;
import io.inventiv.agents.api.modelservice.CreateModelService;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ModelServicePriceChanged;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ModelServiceVisibilityChanged;
import io.inventiv.agents.api.modelservice.RetireModelService;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.modelservice.SetScalingPolicy;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.scaling.EvaluateScaling;
import io.inventiv.agents.api.scaling.PlacementFailed;
import io.inventiv.agents.api.scaling.ReportLaunchFailed;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleFromZeroRequested;
import io.inventiv.agents.api.scaling.ScaleUpBlocked;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.api.scaling.ScalingOutcome;
import io.inventiv.agents.api.scaling.WakeModelService;
import io.inventiv.agents.command.catalog.CatalogLookup;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A logical model name an organization publishes on the OpenAI-compatible API (e.g. {@code acme/support-bot}),
 * served by the instances of one catalog model, with who may call it and what it charges per token.
 * A price change is an event in force from its time, so usage is always charged at the price of its moment.
 */
@Aggregate
public class ModelService {

    static final Duration WAKE_EVERY = Duration.ofSeconds(10);
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}(/[a-z0-9][a-z0-9._-]{0,49})?");

    @AggregateIdentifier
    private ModelServiceId id;
    private OrganizationId organizationId;
    private Visibility visibility;
    private TokenPrice price;
    private ModelId modelId;
    private ScalingPolicy scaling;
    private boolean retired;
    private int desired;
    private Instant lastScaleUpAt;
    private Instant lastScaleDownAt;
    private long launches;
    private final Map<ScalingPolicy.Placement, PlacementFailed> passedOver = new HashMap<>();
    private boolean scaleUpBlocked;
    private Instant lastWakeAt;

    protected ModelService() {}

    @CommandHandler
    ModelService(CreateModelService cmd, CatalogLookup catalog, Clock clock) {
        if (cmd.name() == null || !NAME.matcher(cmd.name()).matches()) {
            throw invalid("name", "a model service's name is lower case letters, digits, '.', '_' and '-', with at most one '/' "
                    + "(for example acme/support-bot), up to 101 characters");
        }
        var model = catalog.model(cmd.modelId()).orElseThrow(() -> new Rejected("unknown-model", "Unknown model", 422,
                "no model " + cmd.modelId() + " is in the catalog", Map.of("model_id", String.valueOf(cmd.modelId()))));
        if (!model.active()) {
            throw new Rejected("model-inactive", "Model not offered", 422, "model " + cmd.modelId() + " is no longer offered",
                    Map.of("model_id", cmd.modelId().toString()));
        }
        TokenPrice price = TokenPrices.requireValid(cmd.price() == null ? TokenPrice.FREE : cmd.price());
        apply(new ModelServiceCreated(cmd.modelServiceId(), cmd.organizationId(), cmd.name(), cmd.modelId(),
                cmd.visibility() == null ? Visibility.PRIVATE : cmd.visibility(), price, cmd.createdBy(), clock.instant()));
    }

    @CommandHandler
    void handle(ChangeModelService cmd, Clock clock) {
        requireLiveWithin(cmd.organizationScope());
        if (cmd.visibility() != null && cmd.visibility() != visibility) {
            apply(new ModelServiceVisibilityChanged(id, cmd.visibility(), cmd.requestedBy(), clock.instant()));
        }
        if (cmd.price() != null) {
            TokenPrice next = TokenPrices.requireValid(cmd.price());
            if (!next.sameAs(price)) {
                apply(new ModelServicePriceChanged(id, price, next, cmd.requestedBy(), clock.instant()));
            }
        }
    }

    @CommandHandler
    void handle(SetScalingPolicy cmd, CatalogLookup catalog, Clock clock) {
        requireLiveWithin(cmd.organizationScope());
        ScalingPolicy next = cmd.policy() == null ? null : ScalingPolicies.requireValid(cmd.policy(), modelId, catalog);
        if (!Objects.equals(next, scaling)) {
            apply(new ScalingPolicySet(id, organizationId, modelId, scaling, next, cmd.requestedBy(), clock.instant()));
        }
    }

    /** Decides from the fleet and its signals (see {@link ScalingRules}); a retired service or one without a policy decides nothing. */
    @CommandHandler
    ScalingOutcome handle(EvaluateScaling cmd, CatalogLookup catalog, Clock clock) {
        if (retired || scaling == null) {
            return ScalingOutcome.NONE;
        }
        var memory = new ScalingRules.Memory(desired, lastScaleUpAt, lastScaleDownAt, launches, Map.copyOf(passedOver), scaleUpBlocked);
        Object decision = ScalingRules.decide(id, scaling, memory, cmd.fleet(), cmd.signals(), clock.instant(), p -> name(p, catalog)).orElse(null);
        if (decision == null) {
            return ScalingOutcome.NONE;
        }
        apply(decision);
        return switch (decision) {
            case ScaleUpDecided up -> new ScalingOutcome(up.launches(), List.of());
            case ScaleDownDecided down -> new ScalingOutcome(List.of(), down.instances());
            default -> ScalingOutcome.NONE;
        };
    }

    /** A placement as an operator reads it: the type's and zone's codes (their ids if no longer in the catalog). */
    private static String name(ScalingPolicy.Placement p, CatalogLookup catalog) {
        return catalog.instanceType(p.instanceTypeId()).map(t -> t.code()).orElse(p.instanceTypeId().toString()) + " in "
                + catalog.zone(p.zoneId()).map(z -> z.code()).orElse(p.zoneId().toString());
    }

    @CommandHandler
    void handle(ReportLaunchFailed cmd, Clock clock) {
        apply(new PlacementFailed(id, cmd.instanceId(), cmd.typeId(), cmd.zoneId(), cmd.reason(), cmd.retryPlacementAt(), cmd.reportedBy(),
                clock.instant()));
    }

    /**
     * Heard while the service stands at zero, at most once per {@link #WAKE_EVERY} (the data plane asks again while it holds requests);
     * a service with instances, or one starting, is already on its way.
     */
    @CommandHandler
    void handle(WakeModelService cmd, Clock clock) {
        requireLiveWithin(null);
        if (scaling == null) {
            throw new Rejected("not-autoscaled", "Model service not autoscaled", 409, "model service " + id + " has no scaling policy",
                    Map.of("model_service_id", id.toString()));
        }
        Instant now = clock.instant();
        if (desired == 0 && cmd.heldRequests() > 0 && (lastWakeAt == null || !now.isBefore(lastWakeAt.plus(WAKE_EVERY)))) {
            apply(new ScaleFromZeroRequested(id, cmd.heldRequests(), cmd.requestedBy(), now));
        }
    }

    @CommandHandler
    void handle(RetireModelService cmd, Clock clock) {
        requireVisibleWithin(cmd.organizationScope());
        if (!retired) {
            apply(new ModelServiceRetired(id, cmd.requestedBy(), clock.instant()));
        }
    }

    private void requireLiveWithin(OrganizationId scope) {
        requireVisibleWithin(scope);
        if (retired) {
            throw new Rejected("model-service-retired", "Model service retired", 409, "model service " + id + " is retired",
                    Map.of("model_service_id", id.toString()));
        }
    }

    private void requireVisibleWithin(OrganizationId scope) {
        if (scope != null && !scope.equals(organizationId)) {
            throw Rejected.notFound(id);
        }
    }

    private static Rejected invalid(String field, String detail) {
        return Rejected.invalidField(field, detail);
    }

    @EventSourcingHandler
    void on(ModelServiceCreated e) {
        id = e.modelServiceId();
        organizationId = e.organizationId();
        visibility = e.visibility();
        price = e.price();
        modelId = e.modelId();
    }

    /** Without a policy nothing is wanted any more: set again, the policy starts from the instances there are. */
    @EventSourcingHandler
    void on(ScalingPolicySet e) {
        scaling = e.policy();
        if (scaling == null) {
            desired = 0;
        }
    }

    @EventSourcingHandler
    void on(ScaleUpDecided e) {
        desired = e.to();
        lastScaleUpAt = e.at();
        launches += e.launches().size();
        scaleUpBlocked = false;
    }

    @EventSourcingHandler
    void on(ScaleDownDecided e) {
        desired = e.to();
        lastScaleDownAt = e.at();
    }

    @EventSourcingHandler
    void on(ScaleUpBlocked e) {
        scaleUpBlocked = true;
    }

    @EventSourcingHandler
    void on(PlacementFailed e) {
        passedOver.put(new ScalingPolicy.Placement(e.typeId(), e.zoneId()), e);
        scaleUpBlocked = false;
    }

    @EventSourcingHandler
    void on(ScaleFromZeroRequested e) {
        lastWakeAt = e.at();
    }

    @EventSourcingHandler
    void on(ModelServiceVisibilityChanged e) {
        visibility = e.visibility();
    }

    @EventSourcingHandler
    void on(ModelServicePriceChanged e) {
        price = e.price();
    }

    @EventSourcingHandler
    void on(ModelServiceRetired e) {
        retired = true;
    }
}
