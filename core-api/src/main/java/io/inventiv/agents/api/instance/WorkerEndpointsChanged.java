package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The instance's agent or engine listens at another address than when it enrolled. */
public record WorkerEndpointsChanged(InstanceId instanceId, String agentUrl, String engineUrl, Actor actor, Instant at) {}
