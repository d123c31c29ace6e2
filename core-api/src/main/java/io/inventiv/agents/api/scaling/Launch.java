package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.instance.InstanceId;

/** An instance to start, with its id chosen up front so that starting it twice makes one. */
public record Launch(InstanceId instanceId, InstanceTypeId typeId, ZoneId zoneId) {}
