package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkbenchPassesTest {

    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final UserId ALICE = UserId.derivedFrom("alice");

    private final BudgetsTest.TestClock clock = new BudgetsTest.TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final WorkbenchPasses passes = new WorkbenchPasses(clock);

    @Test
    void a_pass_stands_for_the_user_and_organization_it_was_issued_for() {
        Client client = passes.verify(passes.issue(ALICE, ACME));

        assertThat(client).isEqualTo(Client.workbench(ALICE, ACME));
        assertThat(client.apiKeyId()).isNull();
        assertThat(client.limits()).isNull();
    }

    @Test
    void a_pass_is_good_for_thirty_seconds() {
        String pass = passes.issue(ALICE, ACME);

        clock.advance(Duration.ofSeconds(30));
        assertThat(passes.verify(pass)).isNotNull();

        clock.advance(Duration.ofMillis(1));
        assertThat(passes.verify(pass)).isNull();
    }

    @Test
    void a_pass_changed_to_another_organization_is_refused() {
        String pass = passes.issue(ALICE, ACME);

        String forged = pass.replace(ACME.value().toString(), GLOBEX.value().toString());

        assertThat(forged).isNotEqualTo(pass);
        assertThat(passes.verify(forged)).isNull();
    }

    @Test
    void a_pass_with_a_later_expiry_is_refused() {
        String pass = passes.issue(ALICE, ACME);
        String[] parts = pass.split("\\.");

        String extended = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3_600_000) + "." + parts[3];

        assertThat(passes.verify(extended)).isNull();
    }

    @Test
    void a_pass_of_another_process_is_refused() {
        String elsewhere = new WorkbenchPasses(clock).issue(ALICE, ACME);

        assertThat(passes.verify(elsewhere)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", ".sig", "a.b.c.d", "not-a-uuid.not-a-uuid.123.c2ln", "é.é.é.é"})
    void a_malformed_pass_is_refused_quietly(String pass) {
        assertThat(passes.verify(pass)).isNull();
    }

    @Test
    void an_oversized_pass_is_refused() {
        String pass = passes.issue(ALICE, ACME);

        assertThat(passes.verify("x".repeat(200) + pass)).isNull();
    }
}
