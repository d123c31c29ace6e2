package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import java.util.List;

/** Termination was asked for: the instance is DRAINING. Carries what the provider holds for it at that time. */
public record InstanceTerminationRequested(InstanceId instanceId, InstanceState previousState, String providerCode, String zoneCode, String serverId, List<String> volumeIds, Actor actor, String reason, Instant at) {}
