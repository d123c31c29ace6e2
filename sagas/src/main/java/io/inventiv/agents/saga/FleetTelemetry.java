package io.inventiv.agents.saga;

import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.MeasureFleet;

/** What the workers' heartbeats say of some instances: the port through which the autoscaler and the drain of an instance read them. */
public interface FleetTelemetry {

    FleetLoad measure(MeasureFleet query);
}
