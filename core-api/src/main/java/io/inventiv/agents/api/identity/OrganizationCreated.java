package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/**
 * An organization exists; its first owner joins it in the event that follows.
 *
 * @param maxInstances its cap on unfinished instances; {@code null} for none
 */
public record OrganizationCreated(OrganizationId organizationId, String name, Integer maxInstances, Actor requestedBy, Instant at) {}
