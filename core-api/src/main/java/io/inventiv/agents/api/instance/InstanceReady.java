package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The engine serves the model and has warmed up: the instance is READY to take traffic at {@code engineUrl}. */
public record InstanceReady(InstanceId instanceId, ModelId modelId, String engineUrl, Actor actor, Instant at) {}
