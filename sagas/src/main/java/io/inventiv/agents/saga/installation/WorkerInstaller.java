package io.inventiv.agents.saga.installation;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.IssueBootstrapToken;
import io.inventiv.agents.api.instance.RecordInstallAttemptFailed;
import io.inventiv.agents.api.instance.RecordInstallPhase;
import io.inventiv.agents.api.instance.RecordWorkerInstalled;
import io.inventiv.agents.provider.CloudProvider;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.WorkerNetwork;
import io.inventiv.agents.provider.install.SshInstaller;
import io.inventiv.agents.provider.install.SshInstaller.InstallOutcome;
import io.inventiv.agents.provider.install.SshInstaller.InstallTarget;
import io.inventiv.agents.provider.install.SshInstaller.Upload;
import io.inventiv.agents.support.security.EngineKeys;
import io.inventiv.agents.support.security.SecretTokens;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;

/**
 * Runs bootstrap scripts over SSH, off the saga's thread: an installation takes minutes, and the
 * lifecycle processor must not wait for it. Each phase reached, and the end of the run, is sent to the
 * instance as a command; the saga goes on from the events they make. A run lost to a crash is noticed
 * by the saga's lease check, never here. The bootstrap token exists in clear only in this run and on
 * the machine; the instance learns its hash. The engine's key, derived from the platform's secret, goes
 * to the machine in an owner-only file.
 */
public class WorkerInstaller implements InstallRunner, DisposableBean {

    static final String BOOTSTRAP_TOKEN_PREFIX = "iwb_";
    private static final Logger log = LoggerFactory.getLogger(WorkerInstaller.class);
    private static final Actor INSTALLER = Actor.system("installer");
    private static final int MAX_EXCERPT = 4000;
    private static final java.time.Duration SSH_PORT_PATIENCE = java.time.Duration.ofMinutes(2);

    private final CloudProviders providers;
    private final SshInstaller ssh;
    private final CommandGateway commands;
    private final InstallSettings settings;
    private final WorkerBundle bundle;
    private final Environment environment;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore concurrentRuns;
    private record Run(InstanceId instance, int attempt) {}

    private final java.util.Set<Run> running = ConcurrentHashMap.newKeySet();
    private final InstallRuns runsStanding;
    private final EngineKeys engineKeys;
    private final java.util.concurrent.ScheduledExecutorService toucher;
    private final String script;

    public WorkerInstaller(CloudProviders providers, SshInstaller ssh, CommandGateway commands, InstallSettings settings, WorkerBundle bundle,
                           Environment environment, Clock clock, InstallRuns runsStanding, EngineKeys engineKeys, int maxConcurrentRuns) {
        this.providers = providers;
        this.ssh = ssh;
        this.commands = commands;
        this.settings = settings;
        this.bundle = bundle;
        this.environment = environment;
        this.clock = clock;
        this.concurrentRuns = new Semaphore(maxConcurrentRuns);
        this.script = BootstrapScript.template();
        this.runsStanding = runsStanding;
        this.engineKeys = engineKeys;
        this.toucher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("installation-runs").daemon().factory());
        long every = InstallRuns.TOUCH_EVERY.toMillis();
        toucher.scheduleWithFixedDelay(this::touchRunning, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Keeps the leases of this node's runs fresh, so another node (or this one, restarted) can tell a live run from a lost one. */
    private void touchRunning() {
        running.forEach(run -> {
            try {
                runsStanding.touch(run.instance(), run.attempt());
            } catch (RuntimeException e) {
                log.warn("Could not touch installation run {} of instance {}: {}", run.attempt(), run.instance(), e.getMessage());
            }
        });
    }

    /** Starts the run unless this very attempt already runs on this node; a queued run keeps its lease fresh too. */
    @Override
    public void start(InstallJob job) {
        Run run = new Run(job.instanceId(), job.attempt());
        if (!running.add(run)) {
            log.info("Installation attempt {} of instance {} runs already: not started twice", job.attempt(), job.instanceId());
            return;
        }
        runsStanding.started(job.instanceId(), job.attempt());
        runs.execute(() -> {
            try {
                concurrentRuns.acquire();
                try {
                    run(job);
                } finally {
                    concurrentRuns.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.remove(run);
            }
        });
    }

    private void run(InstallJob job) {
        InstallOutcome outcome;
        try {
            outcome = install(job);
        } catch (RuntimeException e) {
            outcome = new InstallOutcome(false, null, "prepare", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), "");
        }
        try {
            if (outcome.succeeded()) {
                commands.sendAndWait(new RecordWorkerInstalled(job.instanceId(), job.attempt(), INSTALLER));
            } else {
                commands.sendAndWait(new RecordInstallAttemptFailed(job.instanceId(), job.attempt(), outcome.phase() == null ? "start" : outcome.phase(),
                        outcome.reason(), job.willRetry(), INSTALLER));
            }
        } catch (RuntimeException e) {
            // the instance moved on (terminated meanwhile): nothing waits for this run any more
            log.info("End of installation attempt {} of instance {} not recorded: {}", job.attempt(), job.instanceId(), e.getMessage());
        }
        try {
            runsStanding.ended(job.instanceId(), job.attempt());
        } catch (RuntimeException e) {
            log.warn("Could not mark installation attempt {} of instance {} ended: {}", job.attempt(), job.instanceId(), e.getMessage());
        }
    }

    private InstallOutcome install(InstallJob job) {
        CloudProvider provider = providers.get(job.providerCode());
        ProviderServer server = answeringServer(provider, job);
        if (server == null) {
            return new InstallOutcome(false, null, "connect", "the server did not answer on an SSH port within "
                    + SSH_PORT_PATIENCE.toSeconds() + " s of booting", "");
        }
        Upload agentJar = bundle.upload();
        String token = SecretTokens.newToken(BOOTSTRAP_TOKEN_PREFIX);
        commands.sendAndWait(new IssueBootstrapToken(job.instanceId(), job.attempt(), SecretTokens.sha256Hex(token),
                clock.instant().plus(settings.bootstrapTokenTtl()), INSTALLER));
        String hfToken = hfToken();
        List<Upload> files = new java.util.ArrayList<>(List.of(agentJar,
                Upload.of(".inventiv/agent.base.properties", "600", agentProperties(job, provider.workerNetwork(), hfToken != null)
                        .getBytes(StandardCharsets.UTF_8)),
                Upload.of(".inventiv/bootstrap-token", "600", token.getBytes(StandardCharsets.UTF_8)),
                Upload.of(".inventiv/engine-api-key", "600", engineKeys.of(job.instanceId()).getBytes(StandardCharsets.UTF_8))));
        if (hfToken != null) {
            files.add(Upload.of(".inventiv/hf-token", "600", hfToken.getBytes(StandardCharsets.UTF_8)));
        }
        String filledScript = BootstrapScript.fill(script, agentJar.sha256(), job.modelId().value(), settings.vllmVersion(), job.restartAgent(),
                job.dataVolumeId());
        InstallTarget target = new InstallTarget(job.providerCode(), server.ipAddress(), server.sshPort(),
                provider.sshUser());
        log.info("Installing the worker on instance {} (attempt {}) at {}:{}", job.instanceId(), job.attempt(), target.host(), target.port());
        return ssh.install(target, files, filledScript, settings.timeout(), phase ->
                commands.sendAndWait(new RecordInstallPhase(job.instanceId(), job.attempt(), phase.name(), excerpt(phase.logExcerpt()), INSTALLER)));
    }

    /** The server once it runs with an address and an SSH port (a cloud reports 22 at once; a local machine once it listens). */
    private ProviderServer answeringServer(CloudProvider provider, InstallJob job) {
        java.time.Instant giveUp = clock.instant().plus(SSH_PORT_PATIENCE);
        while (true) {
            ProviderServer server = provider.getServer(job.zone(), job.serverId());
            if (server.isRunningWithAddress() && server.sshPort() != null) {
                return server;
            }
            if (!clock.instant().isBefore(giveUp)) {
                return null;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The Hugging Face token, read at each run so a replaced file takes effect; never logged. */
    private String hfToken() {
        if (settings.hfTokenFile() == null) {
            return null;
        }
        try {
            String token = java.nio.file.Files.readString(java.nio.file.Path.of(settings.hfTokenFile())).strip();
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            throw new IllegalStateException("the Hugging Face token file " + settings.hfTokenFile() + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private String agentProperties(InstallJob job, WorkerNetwork network, boolean withHfToken) {
        Properties properties = new Properties();
        properties.setProperty("control-plane-url", controlPlaneUrl());
        properties.setProperty("instance-id", job.instanceId().toString());
        properties.setProperty("bootstrap-token-file", "bootstrap-token");
        properties.setProperty("engine-api-key-file", "engine-api-key");
        if (withHfToken) {
            properties.setProperty("hf-token-file", "hf-token");
        }
        properties.setProperty("state-dir", "agent");
        properties.setProperty("bind-address", network.bindAddress());
        properties.setProperty("agent-port", String.valueOf(network.agentPort()));
        properties.setProperty("engine-port", String.valueOf(network.enginePort()));
        properties.setProperty("model", job.modelId().value());
        properties.setProperty("served-model-name", job.modelId().value());
        properties.setProperty("max-model-len", String.valueOf(job.contextLength() > 0 ? job.contextLength() : 8192));
        properties.setProperty("tensor-parallel-size", String.valueOf(Math.max(job.gpuCount(), 1)));
        properties.setProperty("gpu-memory-utilization", "0.90");
        if (settings.maxNumSeqs() != null) {
            properties.setProperty("max-num-seqs", String.valueOf(settings.maxNumSeqs()));
        }
        settings.simulated().forEach((key, value) -> properties.setProperty("simulated." + key, value));
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "the worker agent's settings, written by the platform's installer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private String controlPlaneUrl() {
        if (settings.controlPlaneUrl() != null) {
            return settings.controlPlaneUrl();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("inventiv.install.control-plane-url is not set and this node serves no HTTP port");
        }
        return "http://127.0.0.1:" + port;
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replace("\u0000", "");
        return clean.length() <= MAX_EXCERPT ? clean : clean.substring(clean.length() - MAX_EXCERPT);
    }



    @Override
    public void destroy() {
        toucher.shutdownNow();
        runs.shutdownNow();
    }
}
