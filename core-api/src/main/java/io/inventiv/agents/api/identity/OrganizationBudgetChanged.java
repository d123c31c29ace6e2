package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.usage.Budget;
import java.time.Instant;

/** The organization's token budget from now on; {@code null}: none. */
public record OrganizationBudgetChanged(OrganizationId organizationId, Budget budget, Actor requestedBy, Instant at) {}
