package io.inventiv.agents.api.chargeback;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A statement issued: from then on its lines and amount are what was billed for the period, whatever the
 * books say later (usage recorded late, or a re-pricing, shows as a difference against it).
 *
 * @param asOf      the time of the books its lines were read from
 * @param amountEur the exact sum of the lines' amounts
 */
public record StatementIssued(StatementId statementId, OrganizationId providerOrganizationId, OrganizationId consumerOrganizationId, Instant from,
                              Instant to, Instant asOf, List<StatementLine> lines, BigDecimal amountEur, Actor actor, Instant at) {}
