package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Makes a key for an organization. Only the secret's hash and its first characters travel: the secret
 * itself is shown once to whoever asked for it and kept nowhere.
 *
 * @param expiresAt {@code null}: never
 */
public record CreateApiKey(@TargetAggregateIdentifier ApiKeyId apiKeyId, OrganizationId organizationId, String name, String secretHash,
                           String displayPrefix, Instant expiresAt, ApiKeyLimits limits, Actor createdBy) {}
