package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The provider no longer holds one of the instance's volumes. */
public record DataVolumeDeleted(InstanceId instanceId, String volumeId, Actor actor, Instant at) {}
