package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;

/** An organization has a new key; {@code secretHash} is what a request's key is checked against. */
public record ApiKeyCreated(ApiKeyId apiKeyId, OrganizationId organizationId, String name, String secretHash, String displayPrefix,
                            Instant expiresAt, ApiKeyLimits limits, Actor actor, Instant at) {}
