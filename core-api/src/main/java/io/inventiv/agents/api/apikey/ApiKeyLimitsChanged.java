package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

public record ApiKeyLimitsChanged(ApiKeyId apiKeyId, ApiKeyLimits limits, Instant expiresAt, Actor actor, Instant at) {}
