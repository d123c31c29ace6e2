package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An UNREACHABLE instance answers again with its engine ready: READY at {@code engineUrl}. */
public record InstanceRecovered(InstanceId instanceId, ModelId modelId, String engineUrl, Actor actor, Instant at) {}
