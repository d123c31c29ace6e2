package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The server runs and answers at an address: the instance is INSTALLING. */
public record InstanceBooted(InstanceId instanceId, String ipAddress, Actor actor, Instant at) {}
