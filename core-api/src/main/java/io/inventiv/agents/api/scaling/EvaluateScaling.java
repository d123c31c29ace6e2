package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reports a model service's fleet and what it measures, for the service to decide whether to add or remove instances
 * (a {@link ScaleUpDecided}, {@link ScaleDownDecided} or {@link ScaleUpBlocked}, or nothing). Answered with the
 * {@link ScalingOutcome} the decision had on the fleet.
 */
public record EvaluateScaling(@TargetAggregateIdentifier ModelServiceId modelServiceId, List<FleetMember> fleet, ScalingSignals signals,
                              Actor requestedBy) {

    public EvaluateScaling {
        fleet = fleet == null ? List.of() : List.copyOf(fleet);
    }
}
