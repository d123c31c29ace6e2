package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;
import java.util.List;

/** The service goes from {@code from} instances to {@code to}: the {@code instances} are drained, then terminated. */
public record ScaleDownDecided(ModelServiceId modelServiceId, int from, int to, List<InstanceId> instances, String reason,
                               ScalingSignals signals, Actor actor, Instant at) {

    public ScaleDownDecided {
        instances = List.copyOf(instances);
    }
}
