package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

public record ApiKeyRenamed(ApiKeyId apiKeyId, String name, Actor actor, Instant at) {}
