package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;

public record ModelServiceCreated(ModelServiceId modelServiceId, OrganizationId organizationId, String name, ModelId modelId,
                                  Visibility visibility, TokenPrice price, Actor actor, Instant at) {}
