package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The provider holds a server for this instance. */
public record ProviderServerCreated(InstanceId instanceId, String serverId, String serverName, Actor actor, Instant at) {}
