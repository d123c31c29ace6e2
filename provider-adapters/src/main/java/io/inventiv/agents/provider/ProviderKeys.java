package io.inventiv.agents.provider;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * The SSH key pair the platform logs into a provider's machines with, one per provider, kept in
 * OpenSSH format under the data directory, readable by its owner only. The private key is read here
 * and handed to the SSH client; it never leaves the process otherwise (no event, no log, no API).
 */
public class ProviderKeys {

    private final Path dir;
    private final Map<String, KeyPair> pairs = new ConcurrentHashMap<>();

    public ProviderKeys(Path dir) {
        this.dir = dir;
    }

    public KeyPair of(String providerCode) {
        return pairs.computeIfAbsent(providerCode, this::loadOrCreate);
    }

    /** The public key as a line of {@code authorized_keys}, for the provider to put on its machines. */
    public String authorizedKey(String providerCode) {
        return PublicKeyEntry.toString(of(providerCode).getPublic()) + " inventiv-" + providerCode;
    }

    private KeyPair loadOrCreate(String providerCode) {
        Path file = dir.resolve(providerCode).resolve("id_ecdsa");
        try {
            if (Files.exists(file)) {
                return new FileKeyPairProvider(file).loadKeys(null).iterator().next();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // written aside, then linked in place only if no key is there: nodes sharing the data directory that make it at
            // the same moment all end up with the one key that was put there first
            Path draft = file.resolveSibling("id_ecdsa." + java.util.UUID.randomUUID() + ".tmp");
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (OutputStream out = Files.newOutputStream(draft, StandardOpenOption.TRUNCATE_EXISTING)) {
                    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "inventiv-" + providerCode, null, out);
                }
                Files.createLink(file, draft);
            } catch (java.nio.file.FileAlreadyExistsException anotherNodeWasFirst) {
                return new FileKeyPairProvider(file).loadKeys(null).iterator().next();
            } finally {
                Files.deleteIfExists(draft);
            }
            Files.writeString(file.resolveSibling("id_ecdsa.pub"), PublicKeyEntry.toString(pair.getPublic()) + " inventiv-" + providerCode + "\n");
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the SSH key of provider " + providerCode, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or make the SSH key of provider " + providerCode, e);
        }
    }
}
