package io.inventiv.agents.provider.local;

import io.inventiv.agents.provider.ProviderKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The machines of the local cloud, as real as this host allows: once a server has booted it answers
 * SSH on a loopback port (public-key authentication with the provider's key, commands run as OS
 * processes in the machine's own directory), exactly as a cloud VM answers on its public address.
 * A deleted server's endpoint closes, its processes are killed and its directory goes. Endpoints come
 * back on the same ports after a restart of the platform, as a VM outlives its control plane.
 */
class LocalMachines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalMachines.class);

    private final JdbcTemplate jdbc;
    private final LocalCloudProperties properties;
    private final ProviderKeys keys;
    private final Path machinesDir;
    private final Clock clock;
    private final Map<String, SshServer> endpoints = new ConcurrentHashMap<>();
    /** Servers whose port another node holds, and when to try it again. */
    private final Map<String, Long> heldElsewhereUntil = new ConcurrentHashMap<>();
    private static final java.time.Duration HELD_ELSEWHERE_RECHECK = java.time.Duration.ofSeconds(2);
    private ScheduledExecutorService scheduler;
    /** One timer thread for every endpoint's timeouts, rather than one per endpoint. */
    private ScheduledExecutorService timers;

    LocalMachines(JdbcTemplate jdbc, LocalCloudProperties properties, ProviderKeys keys, Path machinesDir, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.keys = keys;
        this.machinesDir = machinesDir;
        this.clock = clock;
    }

    @Override
    public void start() {
        timers = ThreadUtils.newSingleThreadScheduledExecutor("local-machines-timer");
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-machines");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::syncQuietly, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** The platform stops, the machines do not: their endpoints close, their processes go on. */
    @Override
    public void stop() {
        scheduler.shutdownNow();
        endpoints.values().forEach(LocalMachines::close);
        endpoints.clear();
        timers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            log.warn("Could not bring the local machines in line with the local cloud: {}", e.getMessage());
        }
    }

    /**
     * Opens the endpoints of servers that have booted, and ends the machines of servers that are gone. Several nodes of the
     * platform may share one local cloud (its tables and its machines' directory): a server's endpoint is held by the node
     * that opened it first, on the port recorded for it, and by another node once that port is free again (its node stopped).
     */
    void sync() {
        Timestamp bootedBefore = Timestamp.from(clock.instant().minus(properties.bootTime()));
        record Booted(String id, Integer port) {}
        List<Booted> booted = jdbc.query("select id::text, ssh_port from local_cloud.servers "
                        + "where powered_on_at is not null and not boot_hangs and powered_on_at <= ?",
                (rs, n) -> new Booted(rs.getString(1), (Integer) rs.getObject(2)), bootedBefore);
        long now = System.nanoTime();
        for (Booted server : booted) {
            if (!endpoints.containsKey(server.id()) && heldElsewhereUntil.getOrDefault(server.id(), now) <= now) {
                open(server.id(), server.port());
            }
        }
        Set<String> existing = new HashSet<>(jdbc.queryForList("select id::text from local_cloud.servers", String.class));
        Set<String> here = new HashSet<>(endpoints.keySet());
        try (var homes = Files.isDirectory(machinesDir) ? Files.list(machinesDir) : java.util.stream.Stream.<Path>empty()) {
            homes.map(home -> home.getFileName().toString()).forEach(here::add);
        } catch (IOException | UncheckedIOException e) {
            log.debug("Could not list the local machines: {}", e.getMessage());
        }
        for (String id : here) {
            if (!existing.contains(id)) {
                end(id);
            }
        }
        heldElsewhereUntil.keySet().retainAll(existing);
    }

    private void open(String id, Integer recordedPort) {
        Path home = machinesDir.resolve(id);
        try {
            Files.createDirectories(home);
            SshServer endpoint = endpoint(home, id, recordedPort == null ? 0 : recordedPort);
            try {
                endpoint.start();
            } catch (BindException portTaken) {
                // another node serves this machine (or another program took its port): looked at again a little later
                heldElsewhereUntil.put(id, System.nanoTime() + HELD_ELSEWHERE_RECHECK.toNanos());
                close(endpoint);
                return;
            }
            if (recordedPort == null && jdbc.update("update local_cloud.servers set ssh_port = ? where id = ?::uuid and ssh_port is null",
                    endpoint.getPort(), id) == 0) {
                close(endpoint); // another node opened it first
                return;
            }
            endpoints.put(id, endpoint);
        } catch (IOException e) {
            log.warn("Could not open the SSH endpoint of local server {}: {}", id, e.getMessage());
        }
    }

    private SshServer endpoint(Path home, String id, int port) {
        SshServer endpoint = SshServer.setUpDefaultServer();
        endpoint.setHost("127.0.0.1");
        endpoint.setPort(port);
        endpoint.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(home.resolve(".ssh-host-key")));
        endpoint.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator(id, List.of(keys.of(LocalCloudProvider.CODE).getPublic())));
        endpoint.setPasswordAuthenticator(null);
        endpoint.setKeyboardInteractiveAuthenticator(null);
        endpoint.setCommandFactory((channel, command) -> new MachineCommand(command, home, id));
        // an idle machine needs one thread for its connections, not one per core: there may be hundreds of machines
        endpoint.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory(() -> ThreadUtils.newFixedThreadPool("machine-" + id, 1)));
        endpoint.setScheduledExecutorService(timers, false);
        return endpoint;
    }

    /** The server is gone: no more SSH, every process it ran is killed, its disk is wiped. */
    private void end(String id) {
        SshServer endpoint = endpoints.remove(id);
        if (endpoint != null) {
            close(endpoint);
        }
        MachineCommand.killProcessesOf(id);
        Path home = machinesDir.resolve(id);
        try (var files = Files.exists(home) ? Files.walk(home) : java.util.stream.Stream.<Path>empty()) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not wipe the directory of local server {}: {}", id, e.getMessage());
        }
    }

    private static void close(SshServer endpoint) {
        try {
            endpoint.stop(true);
        } catch (IOException e) {
            log.debug("SSH endpoint closed with {}", e.getMessage());
        }
    }
}
