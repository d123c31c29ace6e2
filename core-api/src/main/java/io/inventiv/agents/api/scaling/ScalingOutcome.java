package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.instance.InstanceId;
import java.util.List;

/** What an evaluation changed: the instances to start and the ones to drain and remove (both empty: nothing). */
public record ScalingOutcome(List<Launch> launched, List<InstanceId> removed) {

    public static final ScalingOutcome NONE = new ScalingOutcome(List.of(), List.of());

    public ScalingOutcome {
        launched = List.copyOf(launched);
        removed = List.copyOf(removed);
    }
}
