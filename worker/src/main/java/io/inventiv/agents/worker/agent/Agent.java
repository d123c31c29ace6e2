package io.inventiv.agents.worker.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker agent: supervises the engine, watches its readiness, enrols with the platform and sends
 * heartbeats, and answers its own HTTP API. Started from {@code agent.properties}; closed on SIGTERM,
 * which stops the engine too.
 */
final class Agent implements AgentEndpoints.AgentStatus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final AgentSettings settings;
    private final StateDir state;
    private final String version;
    private final HttpClient http;
    private final EngineClient engineClient;
    private final EngineSupervisor supervisor;
    private final ReadinessWatch readiness;
    private final EngineMetricsSampler sampler;
    private final ControlPlaneLink link;
    private final CountDownLatch closed = new CountDownLatch(1);
    private FileChannel lockChannel;
    private boolean locked;
    private boolean engineStarted;
    private HttpServer server;
    private ExecutorService requests;
    private int agentPort;

    private Agent(AgentSettings settings, Clock clock) {
        this.settings = settings;
        this.state = new StateDir(settings.stateDir());
        this.version = version();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.engineClient = new EngineClient(http, settings.bindAddress(), JSON, settings.engineApiKey());
        this.supervisor = new EngineSupervisor(settings, state,
                SimulatedEngineLaunch.ofThisProcess(settings.java()), clock);
        this.sampler = new EngineMetricsSampler(settings.engine(), settings.maxNumSeqs(), new NvidiaSmi());
        WorkerCredentials credentials = new WorkerCredentials(state, settings.bootstrapTokenFile());
        this.link = new ControlPlaneLink(new ControlPlaneClient(http, settings.controlPlaneUrl(), JSON), credentials,
                this::registration, this::heartbeat, settings.heartbeatInterval(), clock);
        this.readiness = new ReadinessWatch(supervisor::current, engineClient, settings.servedModelName(),
                link::beatNow);
    }

    /**
     * Writes {@code agent.pid}, binds the HTTP server, writes {@code agent.port}, then adopts or
     * starts the engine and begins enrolment and heartbeats.
     *
     * @throws AgentNotStarted when another agent runs with the same state dir or the port cannot be bound
     */
    static Agent start(AgentSettings settings, Clock clock) {
        Agent agent = new Agent(settings, clock);
        try {
            agent.open();
            return agent;
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e instanceof AgentNotStarted notStarted ? notStarted : new AgentNotStarted(e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        state.create();
        lock();
        state.write(StateDir.AGENT_PID, Long.toString(ProcessHandle.current().pid()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()),
                settings.agentPort()), 0);
        requests = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requests);
        server.createContext("/", new AgentEndpoints(this, JSON));
        server.start();
        agentPort = server.getAddress().getPort();
        state.write(StateDir.AGENT_PORT, Integer.toString(agentPort));
        log.info("Agent {} of instance {} listening on {}:{}", version, settings.instanceId(), settings.bindAddress(),
                agentPort);
        engineStarted = true;
        supervisor.start();
        readiness.start();
        link.start();
    }

    /** One agent per state dir: the lock is the operating system's, so it goes with the process, however it ends. */
    private void lock() throws IOException {
        lockChannel = FileChannel.open(state.resolve(StateDir.AGENT_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            throw new AgentNotStarted("another agent runs with the state dir " + state.path(), null);
        }
        locked = true;
    }

    private void unlock() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            log.debug("Cannot release {}: {}", StateDir.AGENT_LOCK, e.getMessage());
        }
    }

    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        log.info("Agent stopping");
        // each step on its own: a failure in one must not leave the engine running
        quietly("the heartbeats", link::close);
        quietly("the readiness checks", readiness::close);
        if (engineStarted) {
            quietly("the engine", supervisor::close);
        }
        if (server != null) {
            quietly("the HTTP server", () -> {
                server.stop(0);
                requests.close();
            });
        }
        http.shutdownNow();
        if (locked) {
            quietly("the pid and port files", () -> {
                state.delete(StateDir.AGENT_PORT);
                state.delete(StateDir.AGENT_PID);
            });
        }
        if (lockChannel != null) {
            unlock();
        }
        log.info("Agent stopped");
        closed.countDown();
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("Failed to stop {}", what, e);
        }
    }

    private WorkerApi.Registration registration(String bootstrapToken) {
        return new WorkerApi.Registration(settings.instanceId(), bootstrapToken, agentPort, supervisor.port(),
                settings.engine().wireName(), settings.model(), settings.servedModelName(), version);
    }

    private WorkerApi.Heartbeat heartbeat() {
        Optional<EngineProcess> engine = supervisor.current();
        Optional<String> metrics = engine.flatMap(process -> engineClient.metrics(process.port()));
        return new WorkerApi.Heartbeat(agentPort, supervisor.port(),
                WorkerApi.ReadinessReport.of(readiness.current()),
                new WorkerApi.EngineReport(settings.engine().wireName(), engine.isPresent(),
                        engine.map(EngineProcess::pid).orElse(null), supervisor.restarts()),
                sampler.sample(engine.map(EngineProcess::pid).orElse(-1L), metrics));
    }

    @Override
    public Readiness readiness() {
        return readiness.current();
    }

    @Override
    public String agentMetrics() {
        Readiness current = readiness.current();
        AgentMetricsText text = new AgentMetricsText();
        text.gauge("inventiv_agent_engine_up", "Whether the engine process runs.",
                supervisor.current().isPresent() ? 1 : 0);
        text.gauge("inventiv_agent_ready", "Whether all three readiness checks hold.", current.ready() ? 1 : 0);
        text.gauge("inventiv_agent_readiness", "Each readiness check, 1 when it holds.", List.of(
                new AgentMetricsText.Sample("check", "engine_http_up", current.engineHttpUp() ? 1 : 0),
                new AgentMetricsText.Sample("check", "model_loaded", current.modelLoaded() ? 1 : 0),
                new AgentMetricsText.Sample("check", "warmed_up", current.warmedUp() ? 1 : 0)));
        text.counter("inventiv_agent_engine_restarts_total", "Engine restarts since the agent started.",
                supervisor.restarts());
        text.counter("inventiv_agent_heartbeats_total", "Heartbeats sent, by outcome.",
                link.heartbeatCounts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(entry -> new AgentMetricsText.Sample("outcome", entry.getKey(), entry.getValue()))
                        .toList());
        text.gauge("inventiv_agent_enrolled", "Whether the agent holds a worker token.", link.enrolled() ? 1 : 0);
        return text.toString();
    }

    @Override
    public Optional<String> engineMetrics() {
        return supervisor.current().flatMap(engine -> engineClient.metrics(engine.port()));
    }

    @Override
    public AgentInfo info() {
        Optional<EngineProcess> engine = supervisor.current();
        return new AgentInfo(settings.instanceId(), version, ProcessHandle.current().pid(), agentPort,
                settings.model(), settings.servedModelName(),
                new AgentInfo.Engine(settings.engine().wireName(), EngineCommand.printable(supervisor.command()),
                        engine.map(EngineProcess::pid).orElse(null), supervisor.port(), engine.isPresent(),
                        engine.map(EngineProcess::adopted).orElse(false), supervisor.restarts()),
                new AgentInfo.Enrolment(link.enrolled(), link.enrolledAt().map(Object::toString).orElse(null),
                        link.interval().toMillis() / 1000.0),
                link.lastHeartbeat().map(last -> new AgentInfo.Heartbeat(last.at().toString(), last.outcome(),
                        last.detail())).orElse(null));
    }

    @Override
    public Path stateDir() {
        return state.path();
    }

    private static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
