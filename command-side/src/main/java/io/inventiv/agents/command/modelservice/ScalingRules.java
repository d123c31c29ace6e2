package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicy.Placement;
import io.inventiv.agents.api.scaling.FleetMember;
import io.inventiv.agents.api.scaling.Launch;
import io.inventiv.agents.api.scaling.PlacementFailed;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleUpBlocked;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.api.scaling.ScalingSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * How a model service decides its number of instances from its policy, its fleet and the signals measured, in this order:
 * <ol>
 *     <li>above the maximum: remove the excess, instances still starting first;</li>
 *     <li>fewer than it should have (below the minimum, a request waiting at zero, an instance lost): start the missing ones
 *     at once, on the first placement not passed over;</li>
 *     <li>idle for the policy's time with a minimum of 0, every instance READY and heard from: remove every instance;</li>
 *     <li>a target passed (the recent mean over the READY instances) and the scale-up cooldown over: go to
 *     {@code ceil(ready × worst ratio)} instances, at least one more, at most the maximum, counting those already starting;</li>
 *     <li>nothing starting, every instance heard from, the scale-down cooldown over since the last change, and the peaks over the scale-down window (and the
 *     recent means), spread over one instance fewer, under {@value #DOWN_MARGIN} of every target: remove one instance (never below
 *     the minimum, nor below one: only idleness takes a service to zero).</li>
 * </ol>
 * Scaling up is fast and proportional, scaling down slow and one step at a time, so that a service does not swing.
 */
final class ScalingRules {

    static final double DOWN_MARGIN = 0.8;
    private static final Actor AUTOSCALER = Actor.system("autoscaler");

    /**
     * What the service remembers of its own decisions.
     *
     * @param desired   the number of instances its last decision went to
     * @param launches  instances started so far (names the next ones)
     * @param passedOver placements that failed, until when they are passed over
     * @param blocked   a scale-up was wanted and no placement could take it, already said
     */
    record Memory(int desired, Instant lastUpAt, Instant lastDownAt, long launches, Map<Placement, PlacementFailed> passedOver, boolean blocked) {}

    private ScalingRules() {}

    /**
     * The decision's event, if there is one.
     *
     * @param names how a placement is named in a reason (its type's and zone's codes)
     */
    static Optional<Object> decide(ModelServiceId service, ScalingPolicy policy, Memory memory, List<FleetMember> fleet, ScalingSignals signals,
                                   Instant now, Function<Placement, String> names) {
        int size = fleet.size();
        int ready = (int) fleet.stream().filter(FleetMember::ready).count();
        int held = signals.heldRequests() == null ? 0 : signals.heldRequests();
        if (size > policy.maxInstances()) {
            return down(service, policy, fleet, size - policy.maxInstances(), "above the maximum of " + instances(policy.maxInstances()),
                    signals, now);
        }
        int floor = Math.max(Math.min(memory.desired(), policy.maxInstances()), policy.minInstances());
        String why;
        if (size == 0 && held > 0 && floor == 0) {
            floor = 1;
            why = held + (held == 1 ? " request waits" : " requests wait") + " with no instance (scaled to zero)";
        } else if (memory.desired() < policy.minInstances()) {
            why = "below the minimum of " + instances(policy.minInstances());
        } else {
            why = "replacing " + lost(floor - size) + " (" + size + " of " + floor + ")";
        }
        if (size < floor) {
            return up(service, policy, memory, size, floor, why, signals, now, names);
        }
        // idleness is judged only on instances all serving and all heard from: one still starting has not had its chance yet
        boolean measured = fleet.stream().allMatch(m -> m.inFlight() != null);
        long idle = idleSeconds(memory, signals, now);
        if (policy.minInstances() == 0 && size > 0 && size == ready && measured && held == 0 && policy.scaleToZeroAfter() != null
                && idle >= policy.scaleToZeroAfter().toSeconds()) {
            return down(service, policy, fleet, size, "no request for " + idle + " s (scale to zero after "
                    + policy.scaleToZeroAfter().toSeconds() + " s)", withIdle(signals, idle), now);
        }
        Pressure recent = Pressure.of(policy, signals.waitingPerInstance(), signals.ttftP95Millis(), signals.kvCachePercent());
        if (ready > 0 && recent.ratio() > 1 && size < policy.maxInstances() && passed(memory.lastUpAt(), policy.scaleUpCooldown(), now)) {
            // less a hair, so that an exact multiple of a target (5 × 4.2 / 3 = 7.000000000000001) does not start one more
            int wanted = Math.min(policy.maxInstances(), Math.max(ready + 1, (int) Math.ceil(ready * recent.ratio() - 1e-9)));
            if (wanted > size) {
                return up(service, policy, memory, size, wanted, recent.above(), signals, now, names);
            }
        }
        int least = Math.max(policy.minInstances(), 1);
        Pressure peak = Pressure.of(policy, signals.peakWaitingPerInstance(), signals.peakTtftP95Millis(), signals.peakKvCachePercent());
        Instant lastChange = latest(memory.lastUpAt(), memory.lastDownAt());
        if (size == ready && ready > least && measured && passed(lastChange, policy.scaleDownCooldown(), now)) {
            // a peak window with no beat (a cooldown shorter than a heartbeat) measures nothing: the recent load is a peak too
            double spread = Math.max(peak.ratio(), recent.ratio()) * ready / (ready - 1);
            if (spread < DOWN_MARGIN) {
                return down(service, policy, fleet, 1, peak.below(policy.scaleDownCooldown(), ready - 1, spread), signals, now);
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> up(ModelServiceId service, ScalingPolicy policy, Memory memory, int from, int to, String reason,
                                       ScalingSignals signals, Instant now, Function<Placement, String> names) {
        Optional<Placement> placement = policy.placements().stream().filter(p -> available(memory, p, now)).findFirst();
        if (placement.isEmpty()) {
            if (memory.blocked()) {
                return Optional.empty();
            }
            StringJoiner failures = new StringJoiner("; ");
            for (Placement p : policy.placements()) {
                PlacementFailed failed = memory.passedOver().get(p);
                failures.add(names.apply(p) + ": " + failed.reason() + " (passed over until " + failed.until() + ")");
            }
            return Optional.of(new ScaleUpBlocked(service, to, reason + ", but no placement can take an instance now: " + failures, signals,
                    AUTOSCALER, now));
        }
        List<Launch> launches = new ArrayList<>();
        for (int i = 0; i < to - from; i++) {
            launches.add(new Launch(InstanceId.derivedFrom(service + "/launch/" + (memory.launches() + i)), placement.get().instanceTypeId(),
                    placement.get().zoneId()));
        }
        int rank = policy.placements().indexOf(placement.get());
        String where = rank == 0 ? "" : " on placement " + (rank + 1) + ", " + names.apply(placement.get()) + " (preferred ones passed over: "
                + passedOverBefore(policy, memory, placement.get(), names) + ")";
        return Optional.of(new ScaleUpDecided(service, from, to, launches, reason + where, signals, AUTOSCALER, now));
    }

    /** Removes {@code count} instances: those still starting first, then those on the least preferred placement, then the least busy. */
    private static Optional<Object> down(ModelServiceId service, ScalingPolicy policy, List<FleetMember> fleet, int count, String reason,
                                         ScalingSignals signals, Instant now) {
        Comparator<FleetMember> firstToGo = Comparator.<FleetMember>comparingInt(m -> m.ready() ? 1 : 0)
                .thenComparing(Comparator.<FleetMember>comparingInt(m -> preference(policy, m)).reversed())
                .thenComparingInt(m -> m.inFlight() == null ? Integer.MAX_VALUE : m.inFlight());
        List<InstanceId> removed = fleet.stream().sorted(firstToGo).limit(count).map(FleetMember::instanceId).toList();
        return Optional.of(new ScaleDownDecided(service, fleet.size(), fleet.size() - removed.size(), removed, reason, signals, AUTOSCALER, now));
    }

    private static String instances(int count) {
        return count + (count == 1 ? " instance" : " instances");
    }

    private static String lost(int count) {
        return count + (count == 1 ? " lost instance" : " lost instances");
    }

    private static int preference(ScalingPolicy policy, FleetMember member) {
        int index = policy.placements().indexOf(new Placement(member.typeId(), member.zoneId()));
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static boolean available(Memory memory, Placement placement, Instant now) {
        PlacementFailed failed = memory.passedOver().get(placement);
        return failed == null || !now.isBefore(failed.until());
    }

    private static String passedOverBefore(ScalingPolicy policy, Memory memory, Placement chosen, Function<Placement, String> names) {
        StringJoiner passed = new StringJoiner("; ");
        for (Placement p : policy.placements().subList(0, policy.placements().indexOf(chosen))) {
            PlacementFailed failed = memory.passedOver().get(p);
            passed.add(names.apply(p) + (failed == null ? "" : ": " + failed.reason()));
        }
        return passed.toString();
    }

    /** Seconds without a request, counted from the last scale-up at the latest: a new instance is given its full idle time. */
    private static long idleSeconds(Memory memory, ScalingSignals signals, Instant now) {
        long sinceUp = memory.lastUpAt() == null ? Long.MAX_VALUE : Duration.between(memory.lastUpAt(), now).toSeconds();
        long measured = signals.idleSeconds() == null ? Long.MAX_VALUE : signals.idleSeconds();
        long idle = Math.min(sinceUp, measured);
        return idle == Long.MAX_VALUE ? 0 : idle;
    }

    private static ScalingSignals withIdle(ScalingSignals s, long idle) {
        return new ScalingSignals(s.ready(), s.starting(), s.requestsRunning(), s.waitingPerInstance(), s.ttftP95Millis(), s.kvCachePercent(),
                s.peakWaitingPerInstance(), s.peakTtftP95Millis(), s.peakKvCachePercent(), idle, s.heldRequests());
    }

    private static boolean passed(Instant last, Duration cooldown, Instant now) {
        return last == null || !now.isBefore(last.plus(cooldown));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The signals against the policy's targets: each one's ratio to its target, and the worst. A signal not measured counts as 0. */
    private record Pressure(ScalingPolicy policy, double waiting, double ttft, double kvCache) {

        static Pressure of(ScalingPolicy policy, Double waiting, Double ttft, Double kvCache) {
            return new Pressure(policy, zero(waiting), zero(ttft), zero(kvCache));
        }

        private static double zero(Double value) {
            return value == null ? 0 : value;
        }

        double ratio() {
            return Math.max(ratio(waiting, policy.queuedPerInstance()), Math.max(ratio(ttft, policy.ttftP95Millis()), ratio(kvCache,
                    policy.kvCachePercent())));
        }

        private static double ratio(double value, Integer target) {
            return target == null ? 0 : value / target;
        }

        String above() {
            StringJoiner what = new StringJoiner("; ");
            if (ratio(waiting, policy.queuedPerInstance()) > 1) {
                what.add("requests waiting per instance " + round(waiting) + " above the target of " + policy.queuedPerInstance());
            }
            if (ratio(ttft, policy.ttftP95Millis()) > 1) {
                what.add("time to first token p95 " + Math.round(ttft) + " ms above the target of " + policy.ttftP95Millis() + " ms");
            }
            if (ratio(kvCache, policy.kvCachePercent()) > 1) {
                what.add("KV cache " + round(kvCache) + " % above the target of " + policy.kvCachePercent() + " %");
            }
            return what.toString();
        }

        String below(Duration window, int remaining, double spread) {
            return "peak load over the last " + window.toSeconds() + " s would be " + Math.round(spread * 100) + " % of the targets on "
                    + instances(remaining) + " (under " + Math.round(DOWN_MARGIN * 100) + " %)";
        }

        private static String round(double value) {
            return String.valueOf(Math.round(value * 10) / 10.0);
        }
    }
}
