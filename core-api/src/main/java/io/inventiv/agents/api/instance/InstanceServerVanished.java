package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The instance's server disappeared at the provider behind the platform's back: the instance is FAILED. */
public record InstanceServerVanished(InstanceId instanceId, String serverId, InstanceState stateBefore, Actor actor, Instant at) {}
