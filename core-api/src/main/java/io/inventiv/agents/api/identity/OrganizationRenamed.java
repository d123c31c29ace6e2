package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An organization has a new name. */
public record OrganizationRenamed(OrganizationId organizationId, String name, Actor requestedBy, Instant at) {}
