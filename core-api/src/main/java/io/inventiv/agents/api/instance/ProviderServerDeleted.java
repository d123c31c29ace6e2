package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The provider no longer holds the instance's server. */
public record ProviderServerDeleted(InstanceId instanceId, String serverId, Actor actor, Instant at) {}
