package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A finished instance was archived. */
public record InstanceArchived(InstanceId instanceId, Actor actor, Instant at) {}
