package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;
import java.util.List;

/**
 * The service goes from {@code from} instances to {@code to}: the {@code launches} are to be started. The reason names the
 * rule that fired (a target passed, the minimum, a request at zero, a lost instance replaced); the signals are its figures.
 */
public record ScaleUpDecided(ModelServiceId modelServiceId, int from, int to, List<Launch> launches, String reason, ScalingSignals signals,
                             Actor actor, Instant at) {

    public ScaleUpDecided {
        launches = List.copyOf(launches);
    }
}
