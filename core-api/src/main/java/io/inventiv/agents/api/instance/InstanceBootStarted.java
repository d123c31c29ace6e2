package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The server is powering on: the instance is BOOTING. */
public record InstanceBootStarted(InstanceId instanceId, Actor actor, Instant at) {}
