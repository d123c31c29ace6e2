package io.inventiv.agents.command.identity;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.inventiv.agents.api.identity.AcceptOrganizationInvitation;
import io.inventiv.agents.api.identity.ChangeUserPassword;
import io.inventiv.agents.api.identity.WithdrawOrganizationInvitation;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.UpdateUserProfile;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Logging in and out, and what a signed-in user manages of their own: profile, password, current organization. */
@RestController
class AuthController {

    private final Directory directory;
    private final Credentials credentials;
    private final Sessions sessions;
    private final SessionCookieCallers cookies;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords;
    private final CommandGateway commands;
    private final AdminBootstrap bootstrap;
    /** Compared against when the login names no one, so that an unknown login takes as long to refuse as a wrong password. */
    private final String decoy;

    AuthController(Directory directory, Credentials credentials, Sessions sessions, SessionCookieCallers cookies, LoginThrottle throttle,
                   PasswordEncoder passwords, CommandGateway commands, AdminBootstrap bootstrap) {
        this.directory = directory;
        this.credentials = credentials;
        this.sessions = sessions;
        this.cookies = cookies;
        this.throttle = throttle;
        this.passwords = passwords;
        this.commands = commands;
        this.bootstrap = bootstrap;
        this.decoy = passwords.encode(UUID.randomUUID().toString());
    }

    record LoginRequest(@NotBlank @Size(max = 254) @JsonAlias({"username", "email"}) String login,
                        @NotBlank @Size(max = 1024) String password) {}

    record ProfileRequest(@Size(max = 254) String email, @Size(max = 100) String displayName) {}

    record PasswordChange(@NotBlank @Size(max = 1024) String currentPassword, @NotNull @Password String newPassword) {}

    record OrganizationChoice(@NotNull OrganizationId organizationId) {}

    @Operation(summary = "Log in with a username or an email and a password",
            description = "Sets an HttpOnly session cookie. Repeated wrong passwords lock the login (and the client address) for a while: 429.")
    @PostMapping("/auth/login")
    ResponseEntity<Me> login(@RequestBody @Valid LoginRequest request, HttpServletRequest http) {
        LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(request.login(), http.getRemoteAddr());
        throttle.admit(attempt).ifPresent(AuthController::tooManyAttempts);
        Optional<Directory.Account> account = directory.accountByLogin(request.login());
        String hash = account.flatMap(a -> credentials.of(a.userId())).map(PasswordHash::value).orElse(decoy);
        boolean matches = passwords.matches(request.password(), hash);
        if (account.isEmpty() || !matches || !account.get().active()) {
            throw new Rejected("invalid-credentials", "Invalid credentials", 401, "wrong username, email or password", Map.of());
        }
        throttle.succeeded(attempt);
        Directory.Account user = account.get();
        OrganizationId first = directory.membershipsOf(user.userId()).stream().findFirst().map(Directory.Membership::organizationId).orElse(null);
        Sessions.Opened session = sessions.open(user.userId(), first, http.getHeader(HttpHeaders.USER_AGENT), http.getRemoteAddr());
        Caller caller = sessions.caller(session.token()).orElseThrow();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookies.cookie(http, session.token()).toString())
                .body(view(caller));
    }

    @Operation(summary = "Log out: the session ends on the server, and its cookie is cleared")
    @PostMapping("/auth/logout")
    ResponseEntity<Void> logout(@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
        sessions.revoke(caller.sessionId());
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookies.cleared(http).toString()).build();
    }

    @Operation(summary = "Who I am: account, current organization, organizations I belong to")
    @GetMapping("/auth/me")
    Me whoAmI(@AuthenticationPrincipal Caller caller) {
        return view(caller);
    }

    @Operation(summary = "Change my email or display name")
    @PutMapping("/auth/me")
    Me updateMe(@AuthenticationPrincipal Caller caller, @RequestBody @Valid ProfileRequest request) {
        commands.sendAndWait(new UpdateUserProfile(caller.userId(), request.email(), request.displayName(), caller.actor()));
        return view(caller);
    }

    @Operation(summary = "Change my password", description = "Needs the current password; every other session of mine ends.")
    @PutMapping("/auth/me/password")
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal Caller caller, @RequestBody @Valid PasswordChange request,
                                        HttpServletRequest http) {
        LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(caller.username(), http.getRemoteAddr());
        throttle.admit(attempt).ifPresent(AuthController::tooManyAttempts);
        String hash = credentials.of(caller.userId()).map(PasswordHash::value).orElse(decoy);
        if (!passwords.matches(request.currentPassword(), hash)) {
            throw new Rejected("invalid-credentials", "Invalid credentials", 403, "the current password is wrong", Map.of());
        }
        throttle.succeeded(attempt);
        commands.sendAndWait(new ChangeUserPassword(caller.userId(), new PasswordHash(passwords.encode(request.newPassword())), caller.actor()));
        sessions.revokeOthers(caller.userId(), caller.sessionId());
        bootstrap.passwordChanged(caller.userId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Choose the organization this session acts in")
    @PutMapping("/auth/me/organization")
    Me switchOrganization(@AuthenticationPrincipal Caller caller, @RequestBody @Valid OrganizationChoice request) {
        boolean allowed = caller.platformAdmin()
                ? directory.organization(request.organizationId(), caller.userId()).isPresent()
                : directory.roleOf(caller.userId(), request.organizationId()).isPresent();
        if (!allowed) {
            throw IdentityRejections.notFound("organization", request.organizationId());
        }
        sessions.switchOrganization(caller.sessionId(), request.organizationId());
        return view(new Caller(caller.userId(), caller.username(), caller.platformAdmin(), request.organizationId(),
                directory.roleOf(caller.userId(), request.organizationId()).orElse(null), caller.sessionId()));
    }

    @Operation(summary = "Accept an invitation: join the organization with the role offered",
            description = "A session that acts in no organization yet switches to this one.")
    @PostMapping("/auth/me/invitations/{organizationId}")
    Me acceptInvitation(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId organizationId) {
        requireInvitation(caller, organizationId);
        commands.sendAndWait(new AcceptOrganizationInvitation(organizationId, caller.userId(), caller.actor()));
        if (caller.organizationId() == null) {
            sessions.switchOrganization(caller.sessionId(), organizationId);
            return view(sessions.callerOfSession(caller.sessionId()).orElse(caller));
        }
        return view(caller);
    }

    @Operation(summary = "Decline an invitation")
    @DeleteMapping("/auth/me/invitations/{organizationId}")
    ResponseEntity<Void> declineInvitation(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId organizationId) {
        requireInvitation(caller, organizationId);
        commands.sendAndWait(new WithdrawOrganizationInvitation(organizationId, caller.userId(), caller.actor(), "declined"));
        return ResponseEntity.noContent().build();
    }

    /** The same answer whether the organization does not exist or did not invite the caller. */
    private void requireInvitation(Caller caller, OrganizationId organizationId) {
        if (directory.invitationsOf(caller.userId()).stream().noneMatch(i -> i.organizationId().equals(organizationId))) {
            throw new Rejected("invitation-not-found", "No invitation", 404,
                    "you have no pending invitation to organization " + organizationId, Map.of("organization_id", organizationId.toString()));
        }
    }

    private Me view(Caller caller) {
        Directory.Account account = directory.account(caller.userId()).orElseThrow();
        Me.CurrentOrganization current = caller.organizationId() == null ? null
                : directory.organization(caller.organizationId(), caller.userId())
                .map(o -> new Me.CurrentOrganization(o.id(), o.name(), o.yourRole())).orElse(null);
        return new Me(account.userId(), account.username(), account.email(), account.displayName(), account.platformRole(), current,
                directory.membershipsOf(caller.userId()), directory.invitationsOf(caller.userId()));
    }

    private static void tooManyAttempts(Duration lockedFor) {
        long seconds = Math.max(1, (lockedFor.toMillis() + 999) / 1000);
        throw new Rejected("too-many-login-attempts", "Too many login attempts", 429,
                "too many wrong passwords; try again in " + seconds + " s", Map.of("retry_after_seconds", seconds));
    }
}
