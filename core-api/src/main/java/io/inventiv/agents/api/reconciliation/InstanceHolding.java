package io.inventiv.agents.api.reconciliation;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import java.util.List;

/** What the platform believes one instance holds at its provider. */
public record InstanceHolding(InstanceId instanceId, InstanceState state, String zone, String serverId, List<String> volumeIds) {}
