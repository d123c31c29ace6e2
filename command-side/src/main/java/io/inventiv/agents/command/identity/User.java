package io.inventiv.agents.command.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.inventiv.agents.api.identity.ChangePlatformRole;
import io.inventiv.agents.api.identity.ChangeUserPassword;
import io.inventiv.agents.api.identity.DeactivateUser;
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
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A person's account. Usernames never change; the password is kept by {@link Credentials}, and the
 * events only say that it changed. Uniqueness of usernames and emails across accounts is the
 * directory's ({@link IdentityDirectory}), which refuses a duplicate in the same transaction.
 */
@Aggregate
public class User {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @AggregateIdentifier
    private UserId id;
    private String email;
    private String displayName;
    private PlatformRole platformRole;
    private boolean active;

    protected User() {}

    @CommandHandler
    User(RegisterUser cmd, Credentials credentials, Clock clock) {
        if (!USERNAME.matcher(cmd.username()).matches()) {
            throw IdentityRejections.invalid("username",
                    "username must be 2 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String email = normalized(cmd.email());
        requireEmail(email);
        credentials.store(cmd.userId(), cmd.password(), clock.instant());
        apply(new UserRegistered(cmd.userId(), cmd.username(), email, displayNameOr(cmd.displayName(), cmd.username()),
                cmd.platformRole() == null ? PlatformRole.USER : cmd.platformRole(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateUserProfile cmd, Clock clock) {
        String newEmail = cmd.email() == null ? email : normalized(cmd.email());
        requireEmail(newEmail);
        String newName = cmd.displayName() == null ? displayName : displayNameOr(cmd.displayName(), displayName);
        if (Objects.equals(newEmail, email) && newName.equals(displayName)) {
            return;
        }
        apply(new UserProfileUpdated(id, newEmail, newName, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(ChangeUserPassword cmd, Credentials credentials, Clock clock) {
        credentials.store(id, cmd.password(), clock.instant());
        apply(new UserPasswordChanged(id, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(ChangePlatformRole cmd, Clock clock) {
        if (cmd.platformRole() == platformRole) {
            return;
        }
        apply(new UserPlatformRoleChanged(id, cmd.platformRole(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(DeactivateUser cmd, Clock clock) {
        if (!active) {
            return;
        }
        apply(new UserDeactivated(id, cmd.requestedBy(), cmd.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(ReactivateUser cmd, Clock clock) {
        if (active) {
            return;
        }
        apply(new UserReactivated(id, cmd.requestedBy(), clock.instant()));
    }

    private static void requireEmail(String email) {
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw IdentityRejections.invalid("email", "'" + email + "' is not an email address");
        }
    }

    private static String normalized(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase();
    }

    private static String displayNameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name.trim();
    }

    @EventSourcingHandler
    void on(UserRegistered e) {
        id = e.userId();
        email = e.email();
        displayName = e.displayName();
        platformRole = e.platformRole();
        active = true;
    }

    @EventSourcingHandler
    void on(UserProfileUpdated e) {
        email = e.email();
        displayName = e.displayName();
    }

    @EventSourcingHandler
    void on(UserPlatformRoleChanged e) {
        platformRole = e.platformRole();
    }

    @EventSourcingHandler
    void on(UserDeactivated e) {
        active = false;
    }

    @EventSourcingHandler
    void on(UserReactivated e) {
        active = true;
    }
}
