package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A pending invitation ended without the user joining. */
public record OrganizationInvitationWithdrawn(OrganizationId organizationId, UserId userId, Actor requestedBy, String reason, Instant at) {}
