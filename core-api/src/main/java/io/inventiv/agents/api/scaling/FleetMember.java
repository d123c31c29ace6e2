package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.instance.InstanceId;

/**
 * An instance started for a model service and not being terminated, as the autoscaler sees it.
 *
 * @param ready    READY: it takes traffic; otherwise it is still on its way (provisioning, installing, starting) or unreachable
 * @param inFlight requests running and waiting on it at its last heartbeat; {@code null}: not known
 */
public record FleetMember(InstanceId instanceId, InstanceTypeId typeId, ZoneId zoneId, boolean ready, Integer inFlight) {}
