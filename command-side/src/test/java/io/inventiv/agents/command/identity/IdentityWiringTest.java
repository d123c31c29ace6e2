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
        commands.sendAndWait(new CreateOrganization(organization, "Quota Inc", owner, TEST));
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
}
