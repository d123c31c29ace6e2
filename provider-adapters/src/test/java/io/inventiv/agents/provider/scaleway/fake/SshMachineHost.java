package io.inventiv.agents.provider.scaleway.fake;

import io.inventiv.agents.provider.local.MachineCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * Gives each running fake Scaleway server what a real VM has: an SSH server on its public address and
 * port, accepting the keys its cloud-init first-boot script authorizes (and no other), running commands
 * as OS processes in a directory of its own. A deleted or stopped server's endpoint closes and its
 * processes are killed, as its hypervisor would.
 */
public final class SshMachineHost implements MachineHost, AutoCloseable {

    private static final Pattern AUTHORIZED_KEY = Pattern.compile("'((?:ssh-|ecdsa-)[^']+)'");

    private final Path root;
    private final int sshPort;
    private final Map<String, SshServer> endpoints = new ConcurrentHashMap<>();

    public SshMachineHost(Path root, int sshPort) {
        this.root = root;
        this.sshPort = sshPort;
    }

    public Path home(String serverId) {
        return root.resolve(serverId);
    }

    @Override
    public void running(RunningServer server) {
        if (server.publicAddress() == null || endpoints.containsKey(server.id())) {
            return;
        }
        try {
            Path home = Files.createDirectories(home(server.id()));
            SshServer endpoint = SshServer.setUpDefaultServer();
            endpoint.setHost(server.publicAddress());
            endpoint.setPort(sshPort);
            endpoint.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(home.resolve(".ssh-host-key")));
            endpoint.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator(server.id(), authorizedKeys(server.cloudInit())));
            endpoint.setCommandFactory((channel, command) -> new MachineCommand(command, home, server.id()));
            endpoint.start();
            endpoints.put(server.id(), endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stopped(String zone, String serverId) {
        close(serverId, false);
    }

    @Override
    public void deleted(String zone, String serverId) {
        close(serverId, true);
    }

    private void close(String serverId, boolean wipe) {
        SshServer endpoint = endpoints.remove(serverId);
        if (endpoint != null) {
            try {
                endpoint.stop(true);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        MachineCommand.killProcessesOf(serverId);
        if (wipe && Files.exists(home(serverId))) {
            try (var files = Files.walk(home(serverId))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static List<PublicKey> authorizedKeys(String cloudInit) {
        List<PublicKey> keys = new ArrayList<>();
        if (cloudInit == null) {
            return keys;
        }
        Matcher matcher = AUTHORIZED_KEY.matcher(cloudInit);
        while (matcher.find()) {
            try {
                keys.add(AuthorizedKeyEntry.parseAuthorizedKeyEntry(matcher.group(1)).resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("the first-boot script authorizes a key that cannot be read: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    @Override
    public void close() {
        List.copyOf(endpoints.keySet()).forEach(id -> close(id, true));
    }
}
