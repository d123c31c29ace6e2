package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An organization's cap on unfinished instances changed; {@code null} means none. */
public record OrganizationQuotaChanged(OrganizationId organizationId, Integer maxInstances, Actor requestedBy, Instant at) {}
