package io.inventiv.agents.support.security;

import io.inventiv.agents.api.instance.InstanceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key each instance's engine asks of every {@code /v1} request, so an engine on a machine with a
 * public address serves only the platform. Derived from one platform secret and the instance's id
 * (HMAC-SHA256): nothing per instance is stored or put in an event, and any node holding the secret
 * can compute it (the installer to give it to the machine, the router to call the engine).
 */
public final class EngineKeys {

    private static final String PREFIX = "ek_";
    private final byte[] secret;

    public EngineKeys(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the engine key secret needs at least 256 bits");
        }
        this.secret = secret.clone();
    }

    /**
     * The secret given in base64 (shared by every node of a cluster), else the one kept in {@code file},
     * made on first use (owner-only).
     */
    public static EngineKeys from(String base64Secret, Path file) {
        if (base64Secret != null && !base64Secret.isBlank()) {
            return new EngineKeys(Base64.getDecoder().decode(base64Secret.strip()));
        }
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                // written aside, then linked in place only if no file is there: nodes starting together on a shared data
                // directory all end up with the one secret that was put there first
                Path pending = file.resolveSibling(file.getFileName() + "." + java.util.UUID.randomUUID() + ".pending");
                Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(pending, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
                    Files.createLink(file, pending);
                } catch (java.nio.file.FileAlreadyExistsException anotherNodeWasFirst) {
                    // theirs is the secret
                } finally {
                    Files.deleteIfExists(pending);
                }
            }
            return new EngineKeys(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("the engine key secret cannot be read or made at " + file, e);
        }
    }

    public String of(InstanceId instance) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] key = mac.doFinal(("engine:" + instance).getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EngineKeys[secret hidden]";
    }
}
