package io.inventiv.agents.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.ChangePlatformRole;
import io.inventiv.agents.api.identity.ChangeUserPassword;
import io.inventiv.agents.api.identity.DeactivateUser;
import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.ReactivateUser;
import io.inventiv.agents.api.identity.RegisterUser;
import io.inventiv.agents.api.identity.UpdateUserProfile;
import io.inventiv.agents.api.identity.UserDeactivated;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.api.identity.UserPasswordChanged;
import io.inventiv.agents.api.identity.UserPlatformRoleChanged;
import io.inventiv.agents.api.identity.UserProfileUpdated;
import io.inventiv.agents.api.identity.UserReactivated;
import io.inventiv.agents.api.identity.UserRegistered;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Actor ADMIN = Actor.user("user-admin", "admin");
    private static final UserId ALICE = UserId.derivedFrom("alice");
    private static final PasswordHash HASH = new PasswordHash("{bcrypt}$2a$10$abcdefghijklmnopqrstuv");
    private static final PasswordHash NEW_HASH = new PasswordHash("{bcrypt}$2a$10$zyxwvutsrqponmlkjihgfe");

    private AggregateTestFixture<User> fixture;
    private InMemoryCredentials credentials;

    @BeforeEach
    void setUp() {
        credentials = new InMemoryCredentials();
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(credentials);
    }

    private static UserRegistered registered() {
        return new UserRegistered(ALICE, "alice", "alice@acme.test", "Alice", PlatformRole.USER, ADMIN, T0);
    }

    @Test
    void registering_a_user_stores_the_hash_apart_and_the_event_holds_no_password() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ALICE, "alice", " Alice@ACME.test ", "Alice", null, HASH, ADMIN))
                .expectEvents(registered());
        assertThat(credentials.of(ALICE)).contains(HASH);
    }

    @Test
    void a_user_without_a_display_name_is_shown_by_username() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ALICE, "alice", null, " ", PlatformRole.ADMIN, HASH, ADMIN))
                .expectEvents(new UserRegistered(ALICE, "alice", null, "alice", PlatformRole.ADMIN, ADMIN, T0));
    }

    @Test
    void a_username_with_capitals_or_spaces_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ALICE, "Alice Smith", null, null, null, HASH, ADMIN))
                .expectNoEvents()
                .expectException(Rejected.class);
        assertThat(credentials.of(ALICE)).isEmpty();
    }

    @Test
    void an_email_without_a_domain_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ALICE, "alice", "alice@localhost", null, null, HASH, ADMIN))
                .expectNoEvents()
                .expectException(Rejected.class)
                .expectExceptionMessage("'alice@localhost' is not an email address");
    }

    @Test
    void a_profile_change_records_both_fields_as_they_now_are() {
        fixture.given(registered())
                .when(new UpdateUserProfile(ALICE, null, "Alice A.", ADMIN))
                .expectEvents(new UserProfileUpdated(ALICE, "alice@acme.test", "Alice A.", ADMIN, T0));
    }

    @Test
    void a_profile_change_that_changes_nothing_records_nothing() {
        fixture.given(registered())
                .when(new UpdateUserProfile(ALICE, "ALICE@acme.test", "Alice", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void a_password_change_replaces_the_hash_and_says_only_that_it_happened() {
        fixture.given(registered())
                .when(new ChangeUserPassword(ALICE, NEW_HASH, Actor.user(ALICE.toString(), "alice")))
                .expectEvents(new UserPasswordChanged(ALICE, Actor.user(ALICE.toString(), "alice"), T0));
        assertThat(credentials.of(ALICE)).contains(NEW_HASH);
    }

    @Test
    void a_password_hash_never_prints_itself() {
        assertThat(new ChangeUserPassword(ALICE, NEW_HASH, ADMIN).toString()).doesNotContain("$2a$");
    }

    @Test
    void a_user_can_be_made_platform_admin_once() {
        fixture.given(registered())
                .when(new ChangePlatformRole(ALICE, PlatformRole.ADMIN, ADMIN))
                .expectEvents(new UserPlatformRoleChanged(ALICE, PlatformRole.ADMIN, ADMIN, T0));
        fixture.given(registered(), new UserPlatformRoleChanged(ALICE, PlatformRole.ADMIN, ADMIN, T0))
                .when(new ChangePlatformRole(ALICE, PlatformRole.ADMIN, ADMIN))
                .expectNoEvents();
    }

    @Test
    void deactivating_and_reactivating_are_recorded_once_each() {
        fixture.given(registered())
                .when(new DeactivateUser(ALICE, ADMIN, "left the company"))
                .expectEvents(new UserDeactivated(ALICE, ADMIN, "left the company", T0));
        fixture.given(registered(), new UserDeactivated(ALICE, ADMIN, "left", T0))
                .when(new DeactivateUser(ALICE, ADMIN, "again"))
                .expectNoEvents();
        fixture.given(registered(), new UserDeactivated(ALICE, ADMIN, "left", T0))
                .when(new ReactivateUser(ALICE, ADMIN))
                .expectEvents(new UserReactivated(ALICE, ADMIN, T0));
    }
}
