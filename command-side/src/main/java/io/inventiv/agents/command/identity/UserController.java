package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.ChangePlatformRole;
import io.inventiv.agents.api.identity.ChangeUserPassword;
import io.inventiv.agents.api.identity.DeactivateUser;
import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.ReactivateUser;
import io.inventiv.agents.api.identity.RegisterUser;
import io.inventiv.agents.api.identity.UpdateUserProfile;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Accounts, managed by platform admins (the security rules keep everyone else out of {@code /users}). */
@RestController
class UserController {

    private final Directory directory;
    private final PasswordEncoder passwords;
    private final CommandGateway commands;
    private final Sessions sessions;
    private final AdminBootstrap bootstrap;

    UserController(Directory directory, PasswordEncoder passwords, CommandGateway commands, Sessions sessions, AdminBootstrap bootstrap) {
        this.directory = directory;
        this.passwords = passwords;
        this.commands = commands;
        this.sessions = sessions;
        this.bootstrap = bootstrap;
    }

    record NewUser(@NotBlank @Size(max = 63) String username, @Size(max = 254) String email, @Size(max = 100) String displayName,
                   @NotNull @Password String password, PlatformRole platformRole) {}

    record UserChange(@Size(max = 254) String email, @Size(max = 100) String displayName, PlatformRole platformRole, Boolean active,
                      @Password String password) {}

    @Operation(summary = "Create a user", description = "The username (lowercase) and the email must not be taken: 409 otherwise.")
    @PostMapping("/users")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, @RequestBody @Valid NewUser request) {
        String username = request.username().trim().toLowerCase();
        String email = request.email() == null || request.email().isBlank() ? null : request.email().trim().toLowerCase();
        UserId id = UserId.random();
        commands.sendAndWait(new RegisterUser(id, username, email, request.displayName(), request.platformRole(),
                new PasswordHash(passwords.encode(request.password())), caller.actor()));
        return ResponseEntity.created(URI.create("/users/" + id)).body(view(id));
    }

    @GetMapping("/users")
    Map<String, Object> list(@RequestParam(defaultValue = "") @Size(max = 200) String q,
                             @RequestParam(defaultValue = "0") @Min(0) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", directory.accounts(q.trim(), page, size));
        out.put("page", page);
        out.put("size", size);
        out.put("total", directory.countAccounts(q.trim()));
        return out;
    }

    @GetMapping("/users/{id}")
    Map<String, Object> get(@PathVariable UserId id) {
        return view(id);
    }

    @Operation(summary = "Change a user", description = "Email, display name, platform role, active, or a new password; absent fields stay.")
    @PutMapping("/users/{id}")
    Map<String, Object> update(@AuthenticationPrincipal Caller caller, @PathVariable UserId id, @RequestBody @Valid UserChange request) {
        Directory.Account account = directory.account(id).orElseThrow(() -> IdentityRejections.notFound("user", id));
        boolean losesAdmin = account.platformRole() == PlatformRole.ADMIN && account.active()
                && (request.platformRole() == PlatformRole.USER || Boolean.FALSE.equals(request.active()));
        if (losesAdmin && directory.activePlatformAdmins() <= 1) {
            throw IdentityRejections.conflict("last-platform-admin", "Last platform admin",
                    "user " + account.username() + " is the last active platform admin; make another user admin first");
        }
        if (request.email() != null || request.displayName() != null) {
            commands.sendAndWait(new UpdateUserProfile(id, request.email(), request.displayName(), caller.actor()));
        }
        if (request.platformRole() != null) {
            commands.sendAndWait(new ChangePlatformRole(id, request.platformRole(), caller.actor()));
        }
        if (request.password() != null) {
            commands.sendAndWait(new ChangeUserPassword(id, new PasswordHash(passwords.encode(request.password())), caller.actor()));
            // a password reset is how an admin locks out whoever else knew the old one
            sessions.revokeOthers(id, caller.userId().equals(id) ? caller.sessionId() : null);
            bootstrap.passwordChanged(id);
        }
        if (Boolean.FALSE.equals(request.active())) {
            commands.sendAndWait(new DeactivateUser(id, caller.actor(), "deactivated by a platform admin"));
        } else if (Boolean.TRUE.equals(request.active())) {
            commands.sendAndWait(new ReactivateUser(id, caller.actor()));
        }
        return view(id);
    }

    @Operation(summary = "Deactivate a user", description = "The account and its history stay; its sessions end and it can no longer log in.")
    @DeleteMapping("/users/{id}")
    ResponseEntity<Void> deactivate(@AuthenticationPrincipal Caller caller, @PathVariable UserId id) {
        update(caller, id, new UserChange(null, null, null, false, null));
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> view(UserId id) {
        Directory.Account account = directory.account(id).orElseThrow(() -> IdentityRejections.notFound("user", id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", account.userId());
        out.put("username", account.username());
        out.put("email", account.email());
        out.put("display_name", account.displayName());
        out.put("platform_role", account.platformRole());
        out.put("active", account.active());
        out.put("created_at", account.createdAt());
        out.put("updated_at", account.updatedAt());
        out.put("organizations", directory.membershipsOf(id));
        return out;
    }
}
