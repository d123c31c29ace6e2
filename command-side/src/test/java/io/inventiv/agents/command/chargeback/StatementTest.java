package io.inventiv.agents.command.chargeback;

import io.inventiv.agents.api.chargeback.IssueStatement;
import io.inventiv.agents.api.chargeback.StatementId;
import io.inventiv.agents.api.chargeback.StatementIssued;
import io.inventiv.agents.api.chargeback.StatementLine;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementTest {

    private static final Instant NOW = Instant.parse("2026-04-01T00:05:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final Actor ARTHUR = Actor.user("user-arthur", "arthur");
    private static final StatementId ID = StatementId.of(ACME, GLOBEX, MARCH, APRIL);
    private static final ModelServiceId BOT = ModelServiceId.of("7b2e0d1c-3a4f-4b5c-9d6e-2f3a4b5c6d7e");
    private static final TokenPrice SHARE_PRICE = new TokenPrice(new BigDecimal("0.2"), new BigDecimal("0.6"));
    // 12 345 prompt tokens x 0.2 / 1000 + 678 completion tokens x 0.6 / 1000 = 2.469 + 0.4068
    private static final StatementLine SHARED = new StatementLine(BOT, "acme/support-bot", ShareId.random(), SHARE_PRICE, 40, 12_345, 678,
            new BigDecimal("2.8758"));
    private static final StatementLine LISTED = new StatementLine(BOT, "acme/support-bot", null, new TokenPrice(BigDecimal.ONE, BigDecimal.ONE),
            1, 1000, 1000, new BigDecimal("2"));

    private FixtureConfiguration<Statement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Statement.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void an_ended_period_is_issued_with_its_lines_and_their_exact_sum() {
        fixture.givenNoPriorActivity()
                .when(new IssueStatement(ID, ACME, GLOBEX, MARCH, APRIL, NOW, List.of(SHARED, LISTED), ARTHUR))
                .expectEvents(new StatementIssued(ID, ACME, GLOBEX, MARCH, APRIL, NOW, List.of(SHARED, LISTED), new BigDecimal("4.8758"), ARTHUR, NOW));
    }

    @Test
    void a_period_still_running_or_read_before_its_end_is_not_issued() {
        Instant later = NOW.plusSeconds(60);
        fixture.givenNoPriorActivity().when(new IssueStatement(StatementId.of(ACME, GLOBEX, MARCH, later), ACME, GLOBEX, MARCH, later, NOW,
                List.of(), ARTHUR)).expectException(Rejected.class).expectExceptionMessage("only a period that has ended is billed: " + later
                + " is still to come");
        fixture.givenNoPriorActivity().when(new IssueStatement(ID, ACME, GLOBEX, MARCH, APRIL, APRIL.minusSeconds(1), List.of(), ARTHUR))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new IssueStatement(StatementId.of(ACME, GLOBEX, APRIL, MARCH), ACME, GLOBEX, APRIL, MARCH, NOW,
                List.of(), ARTHUR)).expectException(Rejected.class);
    }

    @Test
    void a_statement_is_between_two_organizations_under_the_id_its_period_gives_and_its_lines_add_up() {
        fixture.givenNoPriorActivity().when(new IssueStatement(StatementId.of(ACME, ACME, MARCH, APRIL), ACME, ACME, MARCH, APRIL, NOW, List.of(),
                ARTHUR)).expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new IssueStatement(StatementId.of(GLOBEX, ACME, MARCH, APRIL), ACME, GLOBEX, MARCH, APRIL, NOW,
                List.of(), ARTHUR)).expectException(Rejected.class);
        StatementLine wrong = new StatementLine(BOT, "acme/support-bot", null, SHARE_PRICE, 40, 12_345, 678, new BigDecimal("2.8759"));
        fixture.givenNoPriorActivity().when(new IssueStatement(ID, ACME, GLOBEX, MARCH, APRIL, NOW, List.of(wrong), ARTHUR))
                .expectException(Rejected.class).expectExceptionMessage("each line's amount is its tokens times its price per 1 000");
    }
}
