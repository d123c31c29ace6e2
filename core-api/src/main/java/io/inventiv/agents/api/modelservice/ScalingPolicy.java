package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import java.time.Duration;
import java.util.List;

/**
 * How many instances serve a model service and where: between {@code minInstances} and {@code maxInstances}, on the first
 * placement with capacity (in the order given), added when a target is passed and removed when well below, no sooner than
 * the cooldowns allow. With {@code minInstances} 0 the service goes to zero after {@code scaleToZeroAfter} without requests.
 *
 * @param queuedPerInstance requests waiting per instance above which one is added; {@code null}: not a target
 * @param ttftP95Millis     time to the first token (p95) above which one is added; {@code null}: not a target
 * @param kvCachePercent    KV cache usage (percent) above which one is added; {@code null}: not a target
 */
public record ScalingPolicy(List<Placement> placements, int minInstances, int maxInstances, Integer queuedPerInstance, Integer ttftP95Millis,
                            Integer kvCachePercent, Duration scaleUpCooldown, Duration scaleDownCooldown, Duration scaleToZeroAfter) {

    /** An instance type in a zone, where instances of the service may run. */
    public record Placement(InstanceTypeId instanceTypeId, ZoneId zoneId) {}

    public ScalingPolicy {
        placements = placements == null ? List.of() : List.copyOf(placements);
    }
}
