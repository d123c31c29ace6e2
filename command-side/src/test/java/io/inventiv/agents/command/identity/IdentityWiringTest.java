package io.inventiv.agents.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.CreateOrganization;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.RegisterUser;
import io.inventiv.agents.api.identity.SetOrganizationQuota;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import io.inventiv.agents.support.web.Rejected;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import io.inventiv.agents.support.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity directory against PostgreSQL: it runs in the transaction of the command, so a rule it
 * enforces across aggregates (one username, one email, an organization's quota) holds under
 * concurrent requests, and a refused command leaves neither an event nor a password hash behind.
 */
@SpringBootTest(classes = IdentityWiringTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class IdentityWiringTest {

    @SpringBootApplication
    static class App {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("identity-wiring").toString();
        registry.add("inventiv.data.dir", () -> dir);
    }

    private static final Actor TEST = Actor.system("test");
    private static final PasswordHash HASH = new PasswordHash("{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z7LeY3z5jNnq4b5Y1Hq0S6xK");

    @Autowired CommandGateway commands;
    @Autowired JdbcTemplate jdbc;

    @Test
    void the_bootstrap_admin_exists_with_its_organization_and_a_password_file_readable_by_its_owner_only() throws Exception {
        assertThat(jdbc.queryForObject("select platform_role from identity.accounts where username = 'admin'", String.class)).isEqualTo("ADMIN");
        assertThat(jdbc.queryForObject("select role from identity.memberships where user_id = ? and organization_id = ?", String.class,
                AdminBootstrap.ADMIN_ID.value(), AdminBootstrap.DEFAULT_ORGANIZATION.value())).isEqualTo("OWNER");
        assertThat(jdbc.queryForObject("select password_hash from identity.credentials where user_id = ?", String.class,
                AdminBootstrap.ADMIN_ID.value())).startsWith("{bcrypt}");
    }

    @Test
    void of_concurrent_registrations_of_one_username_one_is_stored_and_the_others_leave_nothing() throws Exception {
        List<UserId> ids = new ArrayList<>();
        List<Callable<Object>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UserId id = UserId.random();
            ids.add(id);
            attempts.add(() -> commands.sendAndWait(new RegisterUser(id, "racer", null, null, null, HASH, TEST)));
        }
        List<Throwable> refusals = runTogether(attempts);

        assertThat(refusals).hasSize(7).allSatisfy(e -> assertThat(e).isInstanceOf(Rejected.class)
                .hasMessage("the username 'racer' is already taken"));
        assertThat(jdbc.queryForObject("select count(*) from identity.accounts where username = 'racer'", Integer.class)).isEqualTo(1);
        Object[] idValues = ids.stream().map(UserId::value).toArray();
        String in = "(" + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")";
        assertThat(jdbc.queryForObject("select count(*) from identity.credentials where user_id in " + in, Integer.class, idValues)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier in "
                + in.replace("?", "?::text"), Integer.class, ids.stream().map(UserId::toString).toArray())).isEqualTo(1);
    }

    @Test
    void no_password_hash_is_ever_written_into_an_event() {
        commands.sendAndWait(new RegisterUser(UserId.random(), "hashless", "hashless@acme.test", null, null, HASH, TEST));
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like '%$2a$%' "
                + "or convert_from(payload, 'UTF8') ilike '%password_hash%' or convert_from(payload, 'UTF8') ilike '%bcrypt%'", Integer.class))
                .isZero();
    }

    @Test
    void concurrent_deployments_never_exceed_the_organizations_quota() throws Exception {
        UserId owner = UserId.random();
        commands.sendAndWait(new RegisterUser(owner, "quota-owner", null, null, null, HASH, TEST));
        OrganizationId organization = OrganizationId.random();
        commands.sendAndWait(new CreateOrganization(organization, "Quota Inc", owner, null, TEST));
        commands.sendAndWait(new SetOrganizationQuota(organization, 2, TEST));
        ProviderId local = ProviderId.derivedFrom("local");
        ZoneId zone = ZoneId.derivedFrom(RegionId.derivedFrom(local + "/local-eu") + "/local-eu-1");
        InstanceTypeId type = InstanceTypeId.derivedFrom(local + "/L4-1-24G");

        List<Callable<Object>> deployments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            deployments.add(() -> commands.sendAndWait(new ProvisionInstance(InstanceId.random(), ModelId.of("meta-llama/Llama-3.1-8B-Instruct"),
                    type, zone, organization, Actor.user(owner.toString(), "quota-owner"))));
        }
        List<Throwable> refusals = runTogether(deployments);

        assertThat(refusals).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(Rejected.class)
                .extracting(r -> ((Rejected) r).rejection().type()).isEqualTo("quota-exceeded"));
        assertThat(jdbc.queryForObject("select count(*) from identity.organization_instances where organization_id = ?", Integer.class,
                organization.value())).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like '%InstanceProvisioningRequested' "
                + "and convert_from(payload, 'UTF8') like ?", Integer.class, "%" + organization + "%")).isEqualTo(2);
    }

    @Test
    void a_user_creating_organizations_in_parallel_still_owns_no_more_than_the_limit() throws Exception {
        UserId founder = UserId.random();
        commands.sendAndWait(new RegisterUser(founder, "founder", null, null, null, HASH, TEST));
        List<Callable<Object>> creations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            creations.add(() -> commands.sendAndWait(new CreateOrganization(OrganizationId.random(), "Startup", founder, 2, TEST)));
        }
        List<Throwable> refusals = runTogether(creations);

        assertThat(refusals).hasSize(3).allSatisfy(e -> assertThat(((Rejected) e).rejection().type()).isEqualTo("organization-limit"));
        assertThat(jdbc.queryForObject("select count(*) from identity.memberships where user_id = ? and role = 'OWNER'", Integer.class,
                founder.value())).isEqualTo(5);
    }

    private static List<Throwable> runTogether(List<Callable<Object>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Throwable> failures = new ArrayList<>();
            for (Future<Object> result : pool.invokeAll(tasks)) {
                try {
                    result.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-05-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Sessions in PostgreSQL, with a clock the test moves: they end when idle, when too old, and when revoked. */
    @Nested
    class SessionLifetimes {

        private static final IdentitySettings SETTINGS = new IdentitySettings(Duration.ofMinutes(30), Duration.ofHours(8), "inventiv_session",
                null, 5, 50, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15));

        @Autowired JdbcTemplate jdbc;
        private MovableClock clock;
        private Sessions sessions;

        @BeforeEach
        void setUp() {
            clock = new MovableClock();
            sessions = new Sessions(jdbc, SETTINGS, clock);
        }

        @Test
        void a_session_is_found_by_its_token_only_and_stores_no_token() {
            Sessions.Opened opened = sessions.open(AdminBootstrap.ADMIN_ID, AdminBootstrap.DEFAULT_ORGANIZATION, "test", "127.0.0.1");
            Optional<Caller> caller = sessions.caller(opened.token());
            assertThat(caller).get().satisfies(c -> {
                assertThat(c.username()).isEqualTo("admin");
                assertThat(c.platformAdmin()).isTrue();
                assertThat(c.organizationId()).isEqualTo(AdminBootstrap.DEFAULT_ORGANIZATION);
                assertThat(c.sessionId()).isEqualTo(opened.id());
            });
            assertThat(sessions.caller(opened.token() + "x")).isEmpty();
            assertThat(jdbc.queryForObject("select count(*) from identity.sessions where token_hash = sha256(convert_to(?, 'UTF8'))",
                    Integer.class, opened.token())).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from identity.sessions s where position(convert_to(?, 'UTF8') in s.token_hash) > 0 "
                    + "or s::text like ?", Integer.class, opened.token(), "%" + opened.token() + "%")).isZero();
        }

        @Test
        void a_session_used_regularly_lives_until_its_maximum_age_and_an_idle_one_ends() {
            Sessions.Opened used = sessions.open(AdminBootstrap.ADMIN_ID, null, null, null);
            Sessions.Opened idle = sessions.open(AdminBootstrap.ADMIN_ID, null, null, null);
            for (int i = 0; i < 23; i++) {
                clock.advance(Duration.ofMinutes(20));
                assertThat(sessions.caller(used.token())).as("used after %d min", (i + 1) * 20).isPresent();
            }
            assertThat(sessions.caller(idle.token())).isEmpty();
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.caller(used.token())).as("past its maximum age of 8 h").isEmpty();
        }

        @Test
        void each_session_has_its_own_current_organization_and_one_can_be_revoked_alone() {
            Sessions.Opened laptop = sessions.open(AdminBootstrap.ADMIN_ID, AdminBootstrap.DEFAULT_ORGANIZATION, null, null);
            Sessions.Opened phone = sessions.open(AdminBootstrap.ADMIN_ID, AdminBootstrap.DEFAULT_ORGANIZATION, null, null);
            OrganizationId elsewhere = OrganizationId.random();
            sessions.switchOrganization(phone.id(), elsewhere);
            assertThat(sessions.caller(phone.token()).orElseThrow().organizationId()).isEqualTo(elsewhere);
            assertThat(sessions.caller(laptop.token()).orElseThrow().organizationId()).isEqualTo(AdminBootstrap.DEFAULT_ORGANIZATION);

            sessions.revoke(phone.id());
            assertThat(sessions.caller(phone.token())).isEmpty();
            assertThat(sessions.caller(laptop.token())).isPresent();
            sessions.revokeOthers(AdminBootstrap.ADMIN_ID, phone.id());
            assertThat(sessions.caller(laptop.token())).isEmpty();
        }
    }

    /** Login throttling against PostgreSQL, with the clock of the session tests. */
    @Nested
    class Throttling {

        private final IdentitySettings settings = new IdentitySettings(Duration.ofHours(8), Duration.ofDays(7), "inventiv_session", null,
                5, 50, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15));
        private final MovableClock clock = new MovableClock();
        @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

        private LoginThrottle throttle() {
            return new LoginThrottle(jdbc, transactions, settings, clock);
        }

        @Test
        void five_attempts_at_a_login_from_one_address_lock_it_there_and_the_lock_doubles() {
            LoginThrottle throttle = throttle();
            LoginThrottle.Attempt guess = new LoginThrottle.Attempt("victim-1", "10.0.0.1");
            for (int i = 0; i < 5; i++) {
                assertThat(throttle.admit(guess)).as("attempt %d", i + 1).isEmpty();
            }
            assertThat(throttle.admit(guess)).contains(Duration.ofSeconds(30));
            assertThat(throttle.admit(new LoginThrottle.Attempt("victim-1", "10.0.0.2"))).as("from another address").isEmpty();
            clock.advance(Duration.ofSeconds(31));
            assertThat(throttle.admit(guess)).as("one more try once the lock ends").isEmpty();
            assertThat(throttle.admit(guess)).contains(Duration.ofSeconds(60));
            clock.advance(Duration.ofMinutes(14));
            assertThat(throttle.admit(guess)).as("the count outlives a lock by a whole window").isEmpty();
            assertThat(throttle.admit(guess)).contains(Duration.ofSeconds(120));
        }

        @Test
        void the_right_password_clears_its_logins_counts_but_an_address_keeps_the_others() {
            LoginThrottle throttle = throttle();
            LoginThrottle.Attempt attempt = new LoginThrottle.Attempt("victim-2", "10.0.0.3");
            for (int i = 0; i < 4; i++) {
                throttle.admit(attempt);
            }
            throttle.succeeded(attempt);
            for (int i = 0; i < 4; i++) {
                assertThat(throttle.admit(attempt)).isEmpty();
            }
        }

        @Test
        void parallel_guesses_never_get_more_attempts_than_the_limit() throws Exception {
            LoginThrottle throttle = throttle();
            List<Callable<Object>> guesses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                guesses.add(() -> throttle.admit(new LoginThrottle.Attempt("victim-3", "10.0.0.4")).isEmpty() ? "admitted" : "refused");
            }
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                long admitted = 0;
                for (Future<Object> result : pool.invokeAll(guesses)) {
                    admitted += "admitted".equals(result.get()) ? 1 : 0;
                }
                assertThat(admitted).isEqualTo(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
