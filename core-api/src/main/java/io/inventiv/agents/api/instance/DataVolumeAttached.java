package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The instance's data volume exists and is attached to its server. */
public record DataVolumeAttached(InstanceId instanceId, String volumeId, int sizeGb, Actor actor, Instant at) {}
