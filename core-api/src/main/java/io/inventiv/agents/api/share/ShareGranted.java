package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import java.time.Instant;

/**
 * A model service offered by its organization (the provider, paid) to another (the consumer, who pays),
 * at {@code price} from {@code at}.
 */
public record ShareGranted(ShareId shareId, ModelServiceId modelServiceId, String modelServiceName, OrganizationId providerOrganizationId,
                           OrganizationId consumerOrganizationId, TokenPrice price, Actor actor, Instant at) {}
