package io.inventiv.agents.saga;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.FleetLoad.InstanceLoad;
import io.inventiv.agents.api.telemetry.MeasureFleet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Heartbeats as a test sets them: the last report of each instance, and the fleet's figures; every query is kept. */
public class FakeFleetTelemetry implements FleetTelemetry {

    private final Map<InstanceId, InstanceLoad> instances = new LinkedHashMap<>();
    private final List<MeasureFleet> queries = new ArrayList<>();
    private Double ttftP95Seconds;
    private Double peakTtftP95Seconds;
    private Instant lastActiveAt;
    private RuntimeException failure;

    /** The instance last reported {@code running} and {@code waiting} at {@code at}, and had those as its means and peaks too. */
    public FakeFleetTelemetry beat(InstanceId id, Instant at, int running, int waiting, double kvCache) {
        instances.put(id, new InstanceLoad(id, at, running, waiting, (double) waiting, kvCache, (double) waiting, kvCache));
        return this;
    }

    public FakeFleetTelemetry load(InstanceLoad load) {
        instances.put(load.instanceId(), load);
        return this;
    }

    public FakeFleetTelemetry ttft(Double recentSeconds, Double peakSeconds) {
        this.ttftP95Seconds = recentSeconds;
        this.peakTtftP95Seconds = peakSeconds;
        return this;
    }

    public FakeFleetTelemetry lastActiveAt(Instant at) {
        this.lastActiveAt = at;
        return this;
    }

    public FakeFleetTelemetry failing(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    public List<MeasureFleet> queries() {
        return queries;
    }

    @Override
    public FleetLoad measure(MeasureFleet query) {
        queries.add(query);
        if (failure != null) {
            throw failure;
        }
        return new FleetLoad(query.instances().stream().filter(instances::containsKey).map(instances::get).toList(), ttftP95Seconds,
                peakTtftP95Seconds, lastActiveAt);
    }
}
