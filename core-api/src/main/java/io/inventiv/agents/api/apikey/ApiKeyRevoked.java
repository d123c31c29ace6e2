package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The key is refused from now on. */
public record ApiKeyRevoked(ApiKeyId apiKeyId, String reason, Actor actor, Instant at) {}
