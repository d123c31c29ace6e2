package io.inventiv.agents.worker.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one engine running as a child OS process: adopts the engine an earlier agent left running,
 * else starts one; restarts it with backoff when it exits; stops it (SIGTERM, then SIGKILL) when the
 * agent stops. The engine's output goes to {@code engine.log}, its pid and port to {@code engine.pid}
 * and {@code engine.port}, which is how a later agent finds it.
 */
final class EngineSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineSupervisor.class);

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** An engine that ran this long had started fine: its next restart waits the shortest time again. */
    private static final Duration STEADY_RUN = Duration.ofMinutes(1);

    private final AgentSettings settings;
    private final StateDir state;
    private final SimulatedEngineLaunch simulatedLaunch;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("engine-restart").daemon().factory());

    private EngineProcess current;
    private List<String> lastCommand = List.of();
    private int lastPort;
    private int restarts;
    private long generations;
    private boolean stopping;
    private ScheduledFuture<?> pendingRestart;

    EngineSupervisor(AgentSettings settings, StateDir state, SimulatedEngineLaunch simulatedLaunch, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.simulatedLaunch = simulatedLaunch;
        this.clock = clock;
    }

    synchronized void start() {
        lastPort = (int) state.readNumber(StateDir.ENGINE_PORT).orElse(0);
        Optional<EngineProcess> adopted = adoptable();
        if (adopted.isPresent()) {
            EngineProcess engine = adopted.get();
            log.info("Adopted the running {} engine, pid {}, port {}", settings.engine().wireName(), engine.pid(),
                    engine.port());
            lastCommand = engine.command();
            watch(engine);
        } else {
            launch();
        }
    }

    synchronized Optional<EngineProcess> current() {
        return Optional.ofNullable(current);
    }

    synchronized int restarts() {
        return restarts;
    }

    /** The command of the engine running, or of the last one started. */
    synchronized List<String> command() {
        return lastCommand;
    }

    /** The port of the engine running, or of the last one started. */
    synchronized int port() {
        return current != null ? current.port() : lastPort;
    }

    private Optional<EngineProcess> adoptable() {
        OptionalLong pid = state.readNumber(StateDir.ENGINE_PID);
        OptionalLong port = state.readNumber(StateDir.ENGINE_PORT);
        if (pid.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> alive = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (alive.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle handle = alive.get();
        int recordedPort = (int) port.getAsLong();
        List<String> command = EngineCommand.of(settings, recordedPort, simulatedLaunch);
        if (!EngineCommand.runs(command, arguments(handle))) {
            // a reused pid, or an engine started with other settings: not ours to take over or to stop
            log.warn("Process {} named in {} is not an engine started with these settings; starting a new one",
                    handle.pid(), StateDir.ENGINE_PID);
            return Optional.empty();
        }
        Instant started = handle.info().startInstant().orElse(clock.instant());
        return Optional.of(new EngineProcess(handle, null, recordedPort, command, true, started, ++generations));
    }

    /**
     * The process's arguments, without the executable. Read from {@code /proc} where there is one:
     * {@link ProcessHandle.Info} gives none for a command line longer than a page, as a class path makes it.
     */
    static List<String> arguments(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            List<String> all = Arrays.asList(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0"));
            return all.isEmpty() ? List.of() : all.subList(1, all.size());
        } catch (IOException | UncheckedIOException e) {
            return handle.info().arguments().map(Arrays::asList).orElse(List.of());
        }
    }

    private void launch() {
        int port;
        try {
            port = choosePort();
        } catch (IOException e) {
            log.error("Cannot find a free port for the engine: {}", e.getMessage());
            scheduleRestart();
            return;
        }
        List<String> command = EngineCommand.of(settings, port, simulatedLaunch);
        lastCommand = command;
        lastPort = port;
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(state.path().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve(StateDir.ENGINE_LOG).toFile()));
        if (settings.engineApiKey() != null) {
            // in the environment, not on the command line that every user of the machine can read
            builder.environment().put(settings.engine() == EngineKind.VLLM ? "VLLM_API_KEY" : "INVENTIV_ENGINE_API_KEY", settings.engineApiKey());
        }
        if (settings.hfToken() != null) {
            builder.environment().put("HF_TOKEN", settings.hfToken());
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            EngineProcess engine = new EngineProcess(process.toHandle(), process, port, command, false,
                    clock.instant(), ++generations);
            log.info("Started the {} engine, pid {}, port {}: {}", settings.engine().wireName(), engine.pid(), port,
                    String.join(" ", EngineCommand.printable(command)));
            record(engine);
            watch(engine);
        } catch (IOException e) {
            log.error("Cannot start the engine: {}", e.getMessage());
            scheduleRestart();
        }
    }

    private void record(EngineProcess engine) {
        try {
            state.write(StateDir.ENGINE_PID, Long.toString(engine.pid()));
            state.write(StateDir.ENGINE_PORT, Integer.toString(engine.port()));
        } catch (UncheckedIOException e) {
            log.error("Cannot record the engine's pid and port; a later agent will not adopt it: {}", e.getMessage());
        }
    }

    private void watch(EngineProcess engine) {
        current = engine;
        // a child's own future completes once its exit code is known; an adopted engine has only its handle
        CompletableFuture<?> exit = engine.child() != null ? engine.child().onExit() : engine.handle().onExit();
        exit.whenComplete((ignored, error) -> exited(engine));
    }

    private synchronized void exited(EngineProcess engine) {
        if (current != engine) {
            return;
        }
        current = null;
        if (stopping) {
            return;
        }
        Duration ran = Duration.between(engine.startedAt(), clock.instant());
        if (ran.compareTo(STEADY_RUN) >= 0) {
            backoff.reset();
        }
        String exitCode = engine.child() != null ? " with exit code " + engine.child().exitValue() : "";
        log.warn("The engine (pid {}) exited{} after {} s", engine.pid(), exitCode, ran.toSeconds());
        scheduleRestart();
    }

    private void scheduleRestart() {
        if (stopping) {
            return;
        }
        Duration delay = backoff.next();
        log.info("Restarting the engine in {} s", delay.toMillis() / 1000.0);
        pendingRestart = restarter.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopping || current != null) {
            return;
        }
        restarts++;
        launch();
    }

    /**
     * The configured port; for {@code 0}, the last engine's port while it is free, so that the engine
     * keeps its address across restarts, else any free port.
     */
    private int choosePort() throws IOException {
        if (settings.enginePort() != 0) {
            return settings.enginePort();
        }
        InetAddress address = InetAddress.getByName(settings.bindAddress());
        if (lastPort != 0 && isFree(address, lastPort)) {
            return lastPort;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the engine and keeps it stopped: SIGTERM, then SIGKILL if it has not exited within the grace time. */
    @Override
    public void close() {
        EngineProcess engine;
        synchronized (this) {
            stopping = true;
            if (pendingRestart != null) {
                pendingRestart.cancel(false);
            }
            engine = current;
        }
        restarter.shutdownNow();
        if (engine != null) {
            terminate(engine);
        }
        state.delete(StateDir.ENGINE_PID);
        state.delete(StateDir.ENGINE_PORT);
    }

    private static void terminate(EngineProcess engine) {
        log.info("Stopping the engine (pid {})", engine.pid());
        ProcessHandle handle = engine.handle();
        handle.destroy();
        if (awaitExit(handle, STOP_GRACE)) {
            return;
        }
        log.warn("The engine (pid {}) did not stop within {} s; killing it", engine.pid(), STOP_GRACE.toSeconds());
        handle.destroyForcibly();
        awaitExit(handle, STOP_GRACE);
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
