package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicy.Placement;
import io.inventiv.agents.command.catalog.CatalogLookup;
import io.inventiv.agents.command.instance.DeploymentCheck;
import io.inventiv.agents.support.web.Rejected;
import java.time.Duration;
import java.util.HashSet;

/** What a scaling policy may say, and the defaults of what it leaves out. */
final class ScalingPolicies {

    static final int MOST_PLACEMENTS = 5;
    static final int MOST_INSTANCES = 50;
    static final Duration SCALE_UP_COOLDOWN = Duration.ofMinutes(1);
    static final Duration SCALE_DOWN_COOLDOWN = Duration.ofMinutes(5);
    static final Duration SCALE_TO_ZERO_AFTER = Duration.ofMinutes(15);
    private static final Duration LONGEST = Duration.ofDays(7);

    private ScalingPolicies() {}

    /** The policy with its defaults, once every placement can run the model and every bound holds; refused with the field otherwise. */
    static ScalingPolicy requireValid(ScalingPolicy p, ModelId modelId, CatalogLookup catalog) {
        if (p.placements().isEmpty() || p.placements().size() > MOST_PLACEMENTS) {
            throw invalid("placements", "a scaling policy names 1 to " + MOST_PLACEMENTS + " placements (instance type and zone), in order of preference");
        }
        if (p.placements().size() != new HashSet<>(p.placements()).size()) {
            throw invalid("placements", "each placement is named once");
        }
        for (Placement placement : p.placements()) {
            if (placement == null || placement.instanceTypeId() == null || placement.zoneId() == null) {
                throw invalid("placements", "a placement names an instance_type_id and a zone_id");
            }
            DeploymentCheck.of(modelId, placement.instanceTypeId(), placement.zoneId(), catalog);
        }
        if (p.minInstances() < 0 || p.maxInstances() < 1 || p.maxInstances() > MOST_INSTANCES || p.minInstances() > p.maxInstances()) {
            throw invalid("max_instances", "0 <= min_instances <= max_instances, and max_instances is 1 to " + MOST_INSTANCES);
        }
        if (p.queuedPerInstance() == null && p.ttftP95Millis() == null && p.kvCachePercent() == null) {
            throw invalid("targets", "a scaling policy has at least one target: queued_per_instance, ttft_p95_ms or kv_cache_percent");
        }
        within("queued_per_instance", p.queuedPerInstance(), 1, 1000);
        within("ttft_p95_ms", p.ttftP95Millis(), 50, 600_000);
        within("kv_cache_percent", p.kvCachePercent(), 1, 100);
        Duration up = duration("scale_up_cooldown_seconds", p.scaleUpCooldown(), SCALE_UP_COOLDOWN, Duration.ZERO);
        Duration down = duration("scale_down_cooldown_seconds", p.scaleDownCooldown(), SCALE_DOWN_COOLDOWN, Duration.ZERO);
        Duration idle = p.minInstances() > 0 ? null : duration("scale_to_zero_after_seconds", p.scaleToZeroAfter(), SCALE_TO_ZERO_AFTER, Duration.ofSeconds(10));
        return new ScalingPolicy(p.placements(), p.minInstances(), p.maxInstances(), p.queuedPerInstance(), p.ttftP95Millis(), p.kvCachePercent(),
                up, down, idle);
    }

    private static void within(String field, Integer value, int least, int most) {
        if (value != null && (value < least || value > most)) {
            throw invalid(field, field + " is " + least + " to " + most);
        }
    }

    private static Duration duration(String field, Duration value, Duration otherwise, Duration least) {
        Duration d = value == null ? otherwise : value;
        if (d.compareTo(least) < 0 || d.compareTo(LONGEST) > 0) {
            throw invalid(field, field + " is " + least.toSeconds() + " s to " + LONGEST.toDays() + " days");
        }
        return d;
    }

    private static Rejected invalid(String field, String detail) {
        return Rejected.invalidField(field, detail);
    }
}
