package io.inventiv.agents.api.chargeback;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issues what {@code consumer} owes {@code provider} for the tokens used from {@code from} to {@code to},
 * with the lines the books held at {@code asOf}.
 */
public record IssueStatement(@TargetAggregateIdentifier StatementId statementId, OrganizationId providerOrganizationId,
                             OrganizationId consumerOrganizationId, Instant from, Instant to, Instant asOf, List<StatementLine> lines,
                             Actor issuedBy) {}
