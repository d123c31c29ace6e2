package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refuses the key from now on. @param organizationScope see {@link RenameApiKey} */
public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId apiKeyId, String reason, Actor requestedBy, OrganizationId organizationScope) {}
