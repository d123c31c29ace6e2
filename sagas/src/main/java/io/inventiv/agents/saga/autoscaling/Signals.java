package io.inventiv.agents.saga.autoscaling;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.scaling.FleetMember;
import io.inventiv.agents.api.scaling.ScalingSignals;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.FleetLoad.InstanceLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The heartbeats of a fleet, put as the signals and members a model service decides its scale on. */
final class Signals {

    private Signals() {}

    /**
     * @param idleWindow how far back activity was looked for: with none found, the fleet has been idle at least that long, and never
     *                   longer than since its newest instance became READY
     */
    static ScalingSignals of(List<AutoscalingSaga.Member> fleet, FleetLoad load, int heldRequests, Instant now, Duration idleWindow) {
        Map<InstanceId, InstanceLoad> byId = byId(load);
        List<InstanceLoad> ready = fleet.stream().filter(AutoscalingSaga.Member::ready).map(m -> byId.get(m.instanceId()))
                .filter(l -> l != null).toList();
        int readyCount = (int) fleet.stream().filter(AutoscalingSaga.Member::ready).count();
        Integer running = ready.stream().anyMatch(l -> l.running() != null)
                ? ready.stream().mapToInt(l -> l.running() == null ? 0 : l.running()).sum() : null;
        Instant busy = fleet.stream().map(AutoscalingSaga.Member::readyAt).filter(t -> t != null).reduce(load.lastActiveAt(),
                (a, b) -> a == null || b.isAfter(a) ? b : a);
        long idle = busy == null ? idleWindow.toSeconds() : Math.max(0, Duration.between(busy, now).toSeconds());
        return new ScalingSignals(readyCount, fleet.size() - readyCount, running,
                mean(ready, InstanceLoad::meanWaiting, 1), millis(load.ttftP95Seconds()), mean(ready, InstanceLoad::meanKvCache, 100),
                mean(ready, InstanceLoad::peakWaiting, 1), millis(load.peakTtftP95Seconds()), mean(ready, InstanceLoad::peakKvCache, 100),
                idle, heldRequests);
    }

    static List<FleetMember> members(List<AutoscalingSaga.Member> fleet, FleetLoad load) {
        Map<InstanceId, InstanceLoad> byId = byId(load);
        return fleet.stream().map(m -> {
            InstanceLoad l = byId.get(m.instanceId());
            Integer inFlight = l == null || l.running() == null ? null : l.running() + (l.waiting() == null ? 0 : l.waiting());
            return new FleetMember(m.instanceId(), m.typeId(), m.zoneId(), m.ready(), inFlight);
        }).toList();
    }

    private static Map<InstanceId, InstanceLoad> byId(FleetLoad load) {
        return load.instances().stream().collect(Collectors.toMap(InstanceLoad::instanceId, Function.identity(), (a, b) -> a));
    }

    /** The mean over the instances that measured it, scaled (100 for a percentage); {@code null} when none did. */
    private static Double mean(List<InstanceLoad> loads, Function<InstanceLoad, Double> figure, double scale) {
        ToDoubleFunction<InstanceLoad> value = l -> figure.apply(l);
        OptionalDouble mean = loads.stream().filter(l -> figure.apply(l) != null).mapToDouble(value).average();
        return mean.isPresent() ? round(mean.getAsDouble() * scale) : null;
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : round(seconds * 1000);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
