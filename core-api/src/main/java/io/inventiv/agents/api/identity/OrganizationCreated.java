package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** An organization exists; its first owner joins it in the event that follows. */
public record OrganizationCreated(OrganizationId organizationId, String name, Actor requestedBy, Instant at) {}
