package io.inventiv.agents.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.scaling.WakeModelService;
import io.inventiv.agents.support.security.EngineKeys;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The data plane's own HTTP listener for {@code /v1}: event loops (one per core) that each accept
 * connections, read requests and relay them to the engines with a pooled keep-alive client of their
 * own, so a request stays on one thread from its first byte to its last. A request for an autoscaled
 * service with no READY instance waits in its {@link WaitingRoom} while the service is woken. It starts
 * after the platform (its table is fed by the event processors) and, at shutdown, stops accepting, sends
 * the held requests away, lets the requests in flight end for up to {@code drainTimeout}, then publishes
 * the usage counted.
 */
public final class DataPlane implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);
    private static final Actor ROUTER = Actor.system("router");

    private final RouterSettings settings;
    private final RoutingTable table;
    private final ApiKeyAuthentication authentication;
    private final RateLimits rateLimits;
    private final Budgets budgets;
    private final UsageMeter usage;
    private final ObjectMapper json;
    private final Function<InstanceId, String> engineKeyOf;
    private final CommandGateway commands;
    private final WaitingRoom waitingRoom;
    private final java.util.concurrent.atomic.LongAdder inFlight = new java.util.concurrent.atomic.LongAdder();
    private RouterMetrics metrics = RouterMetrics.unread();
    private volatile Vertx vertx;
    private volatile int port = -1;
    private volatile boolean running;
    private volatile boolean draining;

    private final int listenOn;
    /** The handler of each event loop, for its counters. */
    private final List<V1Handler> loops = new CopyOnWriteArrayList<>();

    DataPlane(RouterSettings settings, int listenOn, RoutingTable table, ApiKeyAuthentication authentication, RateLimits rateLimits,
              Budgets budgets, UsageMeter usage, ObjectMapper json, ObjectProvider<EngineKeys> engineKeys, CommandGateway commands) {
        this.settings = settings;
        this.listenOn = listenOn;
        this.table = table;
        this.authentication = authentication;
        this.rateLimits = rateLimits;
        this.budgets = budgets;
        this.usage = usage;
        this.json = json;
        this.engineKeyOf = id -> {
            EngineKeys keys = engineKeys.getIfAvailable();
            if (keys == null) {
                throw new OpenAiError(500, "server_error", null, null, "this node cannot reach engines: it holds no engine key secret");
            }
            return keys.of(id);
        };
        this.commands = commands;
        this.waitingRoom = new WaitingRoom(table, settings.holdMaxRequests(), settings.holdTimeout(), this::wake, System::nanoTime);
        table.watch(waitingRoom::tableChanged);
    }

    /** Where the data plane's meters go (the platform's registry); before it starts. */
    void meterTo(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    RouterMetrics metrics() {
        return metrics;
    }

    @Override
    public void start() {
        metrics.inFlight(inFlight::sum);
        usage.start();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops()).setPreferNativeTransport(true)
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        try {
            // one deployment of every loop: each gets its own event loop, and the loops share one listening socket, which
            // hands its connections to them in turn (a negative port shares one random port: port 0 would give each its own)
            int shared = listenOn == 0 ? -1 : listenOn;
            String deployment = vertx.deployVerticle(() -> new Loop(shared), new DeploymentOptions().setInstances(settings.eventLoops()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            log.info("Data plane serves /v1 on port {} ({} event loops; deployment {})", port, settings.eventLoops(), deployment);
            long tick = Math.clamp(settings.holdTimeout().toMillis() / 10, 10, 1000);
            vertx.setPeriodic(tick, id -> waitingRoom.tick());
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the data plane could not listen on " + settings.host() + ":" + listenOn
                    + " (INVENTIV_DATA_PLANE_PORT sets another port)", e);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        draining = true;
        waitingRoom.close();
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
            sleep();
        }
        Vertx loops = vertx;
        if (loops != null) {
            try {
                loops.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("the data plane's event loops did not stop cleanly: {}", e.toString());
            }
        }
        rateLimits.close();
        usage.close();
    }

    /** Shutting down: new requests are turned away while those in flight end. */
    boolean draining() {
        return draining;
    }

    /**
     * Off the event loop: with a local command bus the aggregate handles the command on the sending thread. The service may
     * refuse (no policy, retired): the held requests just wait for their outcome, and the refusal is no news (nor a warning).
     */
    private void wake(ModelServiceId service, int held) {
        vertx.executeBlocking(() -> {
            commands.send(new WakeModelService(service, held, ROUTER), (command, result) -> {
                if (result.isExceptional()) {
                    notWoken(service, held, result.exceptionResult());
                }
            });
            return null;
        }, false).onFailure(failed -> notWoken(service, held, failed));
    }

    private static void notWoken(ModelServiceId service, int held, Throwable why) {
        log.debug("model service {} was not woken for {} held requests: {}", service, held, why.toString());
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server and the event processors, before them at shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** The port it listens on, once started. */
    public int port() {
        return port;
    }

    // --- for the handlers --------------------------------------------------------------------------

    RouterSettings settings() {
        return settings;
    }

    RoutingTable table() {
        return table;
    }

    ApiKeyAuthentication authentication() {
        return authentication;
    }

    RateLimits rateLimits() {
        return rateLimits;
    }

    Budgets budgets() {
        return budgets;
    }

    /** Per event loop: its thread, requests taken since the start and client connections open now. */
    List<Map<String, Object>> loopCounters() {
        return loops.stream().map(loop -> Map.<String, Object>of("thread", loop.thread(), "requests", loop.requests(), "connections",
                loop.connections())).toList();
    }

    UsageMeter usage() {
        return usage;
    }

    WaitingRoom waitingRoom() {
        return waitingRoom;
    }

    ObjectMapper json() {
        return json;
    }

    java.util.concurrent.atomic.LongAdder inFlight() {
        return inFlight;
    }

    String engineAuthorization(RoutingTable.Backend backend) {
        return backend.engineAuthorization(engineKeyOf);
    }

    /** One event loop: its listener on the shared port and its own client to the engines. */
    private final class Loop extends AbstractVerticle {
        private final int listenOn;

        Loop(int listenOn) {
            this.listenOn = listenOn;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpClient engines = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setPipelining(false)
                    .setKeepAliveTimeout(60).setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(20_000).setMaxWaitQueueSize(-1));
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(listenOn).setTcpNoDelay(true)
                    .setIdleTimeout(0).setCompressionSupported(false));
            V1Handler handler = new V1Handler(DataPlane.this, vertx, engines);
            loops.add(handler);
            server.connectionHandler(handler::opened).requestHandler(handler).listen().onSuccess(listening -> {
                if (listening.actualPort() > 0) { // the loop that bound the socket; the others share it
                    port = listening.actualPort();
                }
                started.complete();
            }).onFailure(started::fail);
        }
    }
}
