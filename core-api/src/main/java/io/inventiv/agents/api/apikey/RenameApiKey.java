package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** @param organizationScope the organization the caller acts in; {@code null}: every one (platform admins) */
public record RenameApiKey(@TargetAggregateIdentifier ApiKeyId apiKeyId, String name, Actor requestedBy, OrganizationId organizationScope) {}
