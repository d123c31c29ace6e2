package io.inventiv.agents.finops.chargeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.chargeback.StatementId;
import io.inventiv.agents.api.chargeback.StatementIssued;
import io.inventiv.agents.api.chargeback.StatementLine;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.api.usage.UsageRecorded;
import io.inventiv.agents.finops.FinopsDatabaseTest;
import io.inventiv.agents.finops.usage.TokenUsageProjection;
import io.inventiv.agents.support.security.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Statements between organizations, issued statements and re-pricing, from usage events stored in PostgreSQL. */
class ChargebackTest extends FinopsDatabaseTest {

    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    private static final TokenPrice LIST = new TokenPrice(new BigDecimal("1"), new BigDecimal("2"));
    private static final TokenPrice SHARED = new TokenPrice(new BigDecimal("0.2"), new BigDecimal("0.6"));
    private static final TokenPrice SHARED_LATER = new TokenPrice(new BigDecimal("0.25"), new BigDecimal("0.6"));

    @Autowired
    EventStore events;
    @Autowired
    TokenUsageProjection usage;
    @Autowired
    IssuedStatementProjection issued;
    @Autowired
    StatementController controller;
    @Autowired
    Repricing repricing;
    @Autowired
    JdbcTemplate jdbc;

    private final OrganizationId acme = OrganizationId.random();
    private final OrganizationId globex = OrganizationId.random();
    private final OrganizationId initech = OrganizationId.random();
    private final ModelServiceId bot = ModelServiceId.random();
    private final ShareId share = ShareId.random();
    private final InstanceId instance = InstanceId.random();
    private final Caller admin = new Caller(UserId.random(), "admin", true, null, null, UUID.randomUUID());
    private final Caller globexMember = new Caller(UserId.random(), "gina", false, globex, OrganizationRole.MEMBER, UUID.randomUUID());
    private final Caller initechMember = new Caller(UserId.random(), "ivan", false, initech, OrganizationRole.MEMBER, UUID.randomUUID());

    @BeforeEach
    void emptyBooks() {
        usage.reset();
        issued.reset();
    }

    /** Usage of acme's bot by {@code consumer} in a minute of March, stored in the event log. */
    private void used(OrganizationId consumer, ShareId through, TokenPrice price, int day, long prompt, long completion) {
        Instant minute = MARCH.plusSeconds(86_400L * day);
        events.publish(GenericEventMessage.asEventMessage(new UsageRecorded(UUID.randomUUID(), minute, consumer, ApiKeyId.random(), null, bot,
                "acme/support-bot", acme, ModelId.of("meta-llama/Llama-3.1-8B-Instruct"), instance, 3, 0, prompt, completion, price,
                UsageRecorded.cost(prompt, completion, price), through)));
    }

    private void march() {
        used(globex, share, SHARED, 1, 12_345, 678);       // 2.469 + 0.4068
        used(globex, share, SHARED, 2, 1_000, 1_000);      // 0.2 + 0.6
        used(globex, share, SHARED_LATER, 20, 4_000, 100); // 1 + 0.06
        used(initech, null, LIST, 3, 100, 10);             // 0.1 + 0.02
        used(acme, null, LIST, 4, 99_999, 99_999);         // its own: not billed
        used(globex, share, SHARED, 31, 777, 777);         // April: not in March
    }

    private List<Map<String, Object>> statements(Caller caller, UUID provider, UUID consumer, Instant asOf) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) controller.list(caller, new StatementController.Asked(MARCH, APRIL, asOf,
                provider, consumer)).get("items");
        return items;
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_statement_bills_each_consumer_the_tokens_it_used_of_another_organizations_services_at_the_prices_in_force() {
        march();

        List<Map<String, Object>> all = statements(admin, null, null, null);

        assertThat(all).extracting(s -> s.get("consumer_organization_id"), s -> s.get("amount_eur"))
                .containsExactlyInAnyOrder(tuple(globex.value(), "4.7358"), tuple(initech.value(), "0.12"));
        Map<String, Object> globexStatement = all.stream().filter(s -> globex.value().equals(s.get("consumer_organization_id"))).findFirst().orElseThrow();
        assertThat(globexStatement).containsEntry("provider_organization_id", acme.value()).containsEntry("prompt_tokens", 17_345L)
                .containsEntry("completion_tokens", 1_778L).containsEntry("requests", 9L);
        assertThat((List<Map<String, Object>>) globexStatement.get("lines"))
                .extracting(l -> l.get("share_id"), l -> l.get("prompt_price_per_1k_eur"), l -> l.get("prompt_tokens"), l -> l.get("amount_eur"))
                .containsExactly(tuple(share.value(), "0.2", 13_345L, "3.6758"), tuple(share.value(), "0.25", 4_000L, "1.06"));
    }

    @Test
    void each_organization_sees_the_statements_it_gives_or_receives_and_the_books_as_of_a_time() {
        march();

        assertThat(statements(globexMember, null, null, null)).extracting(s -> s.get("consumer_organization_id")).containsExactly(globex.value());
        assertThat(statements(initechMember, acme.value(), globex.value(), null)).isEmpty();
        Instant beforeAnyRecorded = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(statements(admin, null, null, beforeAnyRecorded)).isEmpty();
    }

    @Test
    void the_csv_has_a_row_per_line_with_exact_amounts() {
        march();

        String csv = controller.csv(admin, new StatementController.Asked(MARCH, APRIL, null, acme.value(), globex.value())).getBody();

        assertThat(csv.split("\r\n")).hasSize(3);
        assertThat(csv).startsWith(StatementViews.CSV_HEADER)
                .contains("," + bot + ",acme/support-bot," + share + ",0.2,0.6,6,13345,1678,3.6758\r\n")
                .contains(",0.25,0.6,3,4000,100,1.06\r\n");
    }

    @Test
    void an_issued_statement_is_kept_as_issued_and_shown_beside_the_books_of_now() {
        march();
        StatementId id = StatementId.of(acme, globex, MARCH, APRIL);
        StatementLine line = new StatementLine(bot, "acme/support-bot", share, SHARED, 6, 13_345, 1_678, new BigDecimal("3.6758"));
        StatementIssued event = new StatementIssued(id, acme, globex, MARCH, APRIL, APRIL, List.of(line), new BigDecimal("3.6758"),
                Actor.user("u", "arthur"), APRIL.plusSeconds(60));
        events.publish(GenericEventMessage.asEventMessage(event));
        events.publish(GenericEventMessage.asEventMessage(event));

        IssuedStatementProjection.Issued kept = issued.find(id.value(), globex.value()).orElseThrow();
        assertThat(kept.statement().lines()).singleElement().satisfies(l -> assertThat(l.amountEur()).isEqualByComparingTo("3.6758"));
        assertThat(issued.find(id.value(), initech.value())).isEmpty();
        assertThat(issued.list(new Statements.Parties(null, null, null), APRIL)).as("not yet issued then").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from finops.issued_statement_lines where statement_id = ?", Long.class, id.value())).isEqualTo(1);
    }

    @Test
    void re_pricing_reads_the_period_again_from_the_log_and_gives_the_corrected_statements_and_the_differences() {
        march();
        StatementId id = StatementId.of(acme, globex, MARCH, APRIL);
        StatementLine a = new StatementLine(bot, "acme/support-bot", share, SHARED, 6, 13_345, 1_678, new BigDecimal("3.6758"));
        StatementLine b = new StatementLine(bot, "acme/support-bot", share, SHARED_LATER, 3, 4_000, 100, new BigDecimal("1.06"));
        events.publish(GenericEventMessage.asEventMessage(new StatementIssued(id, acme, globex, MARCH, APRIL, APRIL, List.of(a, b),
                new BigDecimal("4.7358"), Actor.user("u", "arthur"), APRIL.plusSeconds(60))));

        // the share's price should have been 0.1 / 0.5 all month; initech's list-price usage stays as charged
        Repricing.Result result = repricing.run(new Statements.Parties(acme.value(), null, null), MARCH, APRIL,
                List.of(new Repricing.Correction(bot.value(), share.value(), new BigDecimal("0.1"), new BigDecimal("0.5"))));

        assertThat(result.usageRows()).isEqualTo(4);
        assertThat(result.eventsRead()).isGreaterThanOrEqualTo(7);
        Repricing.Repriced globexRepriced = result.statements().stream()
                .filter(r -> r.charged().consumerOrganizationId().equals(globex.value())).findFirst().orElseThrow();
        // 17 345 prompt x 0.1 / 1000 + 1 778 completion x 0.5 / 1000 = 1.7345 + 0.889
        assertThat(globexRepriced.charged().amountEur()).isEqualByComparingTo("4.7358");
        assertThat(globexRepriced.corrected().amountEur()).isEqualByComparingTo("2.6235");
        assertThat(globexRepriced.issued()).singleElement().satisfies(i -> {
            assertThat(i.issued().id()).isEqualTo(id.value());
            assertThat(i.corrected().amountEur()).isEqualByComparingTo("2.6235");
        });
        Repricing.Repriced initechRepriced = result.statements().stream()
                .filter(r -> r.charged().consumerOrganizationId().equals(initech.value())).findFirst().orElseThrow();
        assertThat(initechRepriced.corrected().amountEur()).isEqualByComparingTo(initechRepriced.charged().amountEur()).isEqualByComparingTo("0.12");
        assertThat(initechRepriced.issued()).isEmpty();
    }
}
