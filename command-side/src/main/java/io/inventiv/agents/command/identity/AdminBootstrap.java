package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.CreateOrganization;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.RegisterUser;
import io.inventiv.agents.api.identity.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * On the first start, creates the platform admin {@code admin} and a {@code Default} organization it
 * owns. The password comes from the file named by {@code INVENTIV_ADMIN_PASSWORD_FILE}; without one it
 * is generated and written, readable by its owner only, to {@code admin-password} in the data
 * directory once the account exists, and its path is logged. Ids are derived from names, so two nodes starting at once create
 * one admin.
 */
class AdminBootstrap implements ApplicationRunner, Ordered {

    static final String USERNAME = "admin";
    static final UserId ADMIN_ID = UserId.derivedFrom(USERNAME);
    static final OrganizationId DEFAULT_ORGANIZATION = OrganizationId.derivedFrom("default");

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final Actor BOOTSTRAP = Actor.system("bootstrap");

    private final CommandGateway commands;
    private final Directory directory;
    private final org.springframework.security.crypto.password.PasswordEncoder passwords;
    private final Path dataDir;
    private final String passwordFile;
    private final Credentials credentials;

    AdminBootstrap(CommandGateway commands, Directory directory, org.springframework.security.crypto.password.PasswordEncoder passwords,
                   Path dataDir, String passwordFile, Credentials credentials) {
        this.commands = commands;
        this.directory = directory;
        this.passwords = passwords;
        this.dataDir = dataDir;
        this.passwordFile = passwordFile;
        this.credentials = credentials;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (directory.account(ADMIN_ID).isEmpty()) {
            createAdmin();
        } else if (Files.exists(pending())) {
            finishOrDiscardPending();
        }
        if (directory.organization(DEFAULT_ORGANIZATION, ADMIN_ID).isEmpty()) {
            try {
                commands.sendAndWait(new CreateOrganization(DEFAULT_ORGANIZATION, "Default", ADMIN_ID, null, BOOTSTRAP));
            } catch (AggregateStreamCreationException anotherNodeWasFirst) {
                log.info("The Default organization was created by another node");
            }
        }
    }

    private void createAdmin() throws IOException {
        boolean generate = passwordFile.isBlank();
        String password = generate ? draft(generated()) : given(Path.of(passwordFile));
        try {
            commands.sendAndWait(new RegisterUser(ADMIN_ID, USERNAME, null, "Platform admin", PlatformRole.ADMIN,
                    new PasswordHash(passwords.encode(password)), BOOTSTRAP));
        } catch (AggregateStreamCreationException anotherNodeWasFirst) {
            Files.deleteIfExists(pending());
            log.info("The admin account was created by another node");
            return;
        }
        if (generate) {
            Path file = publish();
            log.warn("Created user 'admin'; its generated password is in {} (readable by its owner only). "
                    + "Change it with PUT /auth/me/password.", file);
        } else {
            log.info("Created user 'admin' with the password from {}", Path.of(passwordFile).toAbsolutePath());
        }
    }

    /**
     * The account exists and a generated password waits: the process stopped before putting it in
     * place. It is published only if it is the admin's password (another node may have won the race).
     */
    private void finishOrDiscardPending() throws IOException {
        String waiting = Files.readString(pending(), StandardCharsets.UTF_8).strip();
        boolean current = credentials.of(ADMIN_ID).map(hash -> passwords.matches(waiting, hash.value())).orElse(false);
        if (current) {
            log.warn("Created user 'admin' earlier; its generated password is in {} (readable by its owner only)", publish());
        } else {
            Files.delete(pending());
        }
    }

    /** Once the admin has chosen a password, the generated one is no longer true: its file goes. */
    void passwordChanged(UserId user) {
        if (ADMIN_ID.equals(user)) {
            try {
                if (Files.deleteIfExists(dataDir.resolve("admin-password"))) {
                    log.info("The admin's password was changed; the file with the generated one is deleted");
                }
            } catch (IOException e) {
                log.warn("Could not delete the file with the admin's generated password: {}", e.getMessage());
            }
        }
    }

    /** The operator's choice is taken as it is (a weak one is only warned about); what bcrypt cannot read is refused. */
    private String given(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > Password.Check.MAX_BYTES) {
            throw new IllegalStateException("the admin password in " + file + " must be 1 to " + Password.Check.MAX_BYTES + " bytes long");
        }
        if (password.length() < Password.Check.MIN_LENGTH) {
            log.warn("The admin password in {} is shorter than {} characters; change it with PUT /auth/me/password", file,
                    Password.Check.MIN_LENGTH);
        }
        return password;
    }

    private static String generated() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The generated password waits, owner-only from the start, until the account that uses it exists. */
    private String draft(String password) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(pending());
        Files.createFile(pending(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pending(), password + "\n", StandardCharsets.UTF_8);
        return password;
    }

    private Path publish() throws IOException {
        Path file = dataDir.resolve("admin-password").toAbsolutePath().normalize();
        Files.move(pending(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private Path pending() {
        return dataDir.resolve("admin-password.pending");
    }
}
