package io.inventiv.agents.api.apikey;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets what the key may do and until when. @param organizationScope see {@link RenameApiKey} */
public record ChangeApiKeyLimits(@TargetAggregateIdentifier ApiKeyId apiKeyId, ApiKeyLimits limits, Instant expiresAt, Actor requestedBy,
                                 OrganizationId organizationScope) {}
