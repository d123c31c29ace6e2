package io.inventiv.agents.query.stream;

import io.inventiv.agents.api.action.ActionRecorded;
import io.inventiv.agents.api.action.WatchActions;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceChange;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.WatchInstances;
import io.inventiv.agents.api.telemetry.InstanceMetrics;
import io.inventiv.agents.api.telemetry.WatchInstanceMetrics;
import io.inventiv.agents.query.NotFound;
import io.inventiv.agents.query.replay.ProcessorStatus;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.security.CallerResolver;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of what happens, as it happens: instance transitions (topic {@code instances}),
 * action-log entries (topic {@code actions}), for one instance its heartbeats (topic {@code metrics}) and, for
 * platform admins, how far this node's event processors are (topic {@code processors}: a replay is not an event).
 * Fed by the projections' and the telemetry's subscription updates; the processors' positions are read from the
 * processors themselves (with the head of the log, one query for every stream following them) and sent when they move.
 * A {@code ready} event says the subscription is in place.
 */
@RestController
class EventStreamController implements DisposableBean {

    private static final Set<String> TOPICS = Set.of("instances", "actions", "metrics", "processors");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** Updates reach a browser on threads of their own: a slow reader never holds the projection or heartbeat that emitted them. */
    private static final reactor.core.scheduler.Scheduler DELIVERY = reactor.core.scheduler.Schedulers.boundedElastic();

    private final QueryGateway queries;
    private final CallerResolver callers;
    private final Rows rows;
    private final ProcessorStatus processors;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Duration heartbeatEvery;
    /** Streams following the processors, each with what it was sent last. */
    private final Map<SseEmitter, java.util.concurrent.atomic.AtomicReference<List<Map<String, Object>>>> processorWatchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService processorsWatch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-processors");
        t.setDaemon(true);
        return t;
    });
    private int processorsUnread;

    EventStreamController(QueryGateway queries, CallerResolver callers, JdbcTemplate jdbc, ProcessorStatus processors,
                          @Value("${inventiv.events.heartbeat:15s}") Duration heartbeatEvery,
                          @Value("${inventiv.events.processors-every:500ms}") Duration processorsEvery) {
        this.queries = queries;
        this.callers = callers;
        this.rows = new Rows(jdbc);
        this.processors = processors;
        this.heartbeatEvery = heartbeatEvery;
        processorsWatch.scheduleWithFixedDelay(this::watchProcessors, processorsEvery.toMillis(), processorsEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The processors are read once for every stream following them (the head of the log is one query), and each stream is
     * sent them when they moved since what it was sent last: a replay shows its progress, an idle node stays quiet.
     */
    private void watchProcessors() {
        if (processorWatchers.isEmpty()) {
            return;
        }
        List<Map<String, Object>> now;
        try {
            now = processors.progress();
            processorsUnread = 0;
        } catch (RuntimeException readFailed) {
            // said once per run of failures: the next read that works sends the processors again
            if (processorsUnread++ == 0) {
                processorWatchers.forEach((emitter, last) -> {
                    last.set(null);
                    send(emitter, "processors_unavailable", Map.of("detail", "the processors could not be read: " + readFailed.getMessage()));
                });
            }
            return;
        }
        processorWatchers.forEach((emitter, last) -> {
            if (!now.equals(last.getAndSet(now))) {
                send(emitter, "processors", now);
            }
        });
    }

    @Operation(summary = "Live stream of instance transitions, action-log entries and one instance's heartbeats (text/event-stream)",
            description = "Topics `instances` (events `instance`), `actions` (events `action`) and `metrics` (events `metrics`, each a heartbeat "
                    + "as a point of `GET /instances/{id}/metrics`; only with `instance_id`) and, for platform admins, `processors` (events "
                    + "`processors`, every processor of this node as `GET /admin/replay/{processor}` shows it, sent first and then whenever one "
                    + "moves). `snapshot` sends the current state first: the unfinished instances, and the last heartbeat.")
    @GetMapping(path = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal Caller caller,
                      @RequestParam(defaultValue = "instances,actions") Set<String> topics,
                      @RequestParam(name = "instance_id", required = false) UUID instanceId,
                      @RequestParam(defaultValue = "false") boolean snapshot,
                      @RequestParam(defaultValue = "0") int backlog) {
        if (topics.isEmpty() || !TOPICS.containsAll(topics)) {
            throw new IllegalArgumentException("topics must be a comma-separated subset of " + TOPICS + ", got " + topics);
        }
        if (backlog < 0 || backlog > 1000) {
            throw new IllegalArgumentException("backlog must be between 0 and 1000");
        }
        if (topics.contains("metrics")) {
            if (instanceId == null) {
                throw new IllegalArgumentException("the metrics topic follows one instance: give its instance_id");
            }
            requireVisible(caller, instanceId);
        }
        if (topics.contains("processors") && !caller.platformAdmin()) {
            throw Caller.forbidden("only platform admins may follow the event processors");
        }
        // a platform admin watches every organization; anyone else only the one they act in
        OrganizationId scope = caller.platformAdmin() ? null : caller.requireOrganization();
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        // what ends with the stream: its subscriptions, and the watch of the processors
        List<Runnable> stops = new CopyOnWriteArrayList<>();
        try {
            if (topics.contains("instances")) {
                SubscriptionQueryResult<List<InstanceChange>, InstanceChange> result = queries.subscriptionQuery(
                        new WatchInstances(instanceId == null ? null : new InstanceId(instanceId), scope),
                        ResponseTypes.multipleInstancesOf(InstanceChange.class), ResponseTypes.instanceOf(InstanceChange.class));
                stops.add(result::cancel);
                if (snapshot) {
                    result.initialResult().blockOptional().orElse(List.of()).forEach(c -> send(emitter, "instance", c));
                }
                result.updates().publishOn(DELIVERY).subscribe(c -> send(emitter, "instance", c), emitter::completeWithError);
            }
            if (topics.contains("actions")) {
                SubscriptionQueryResult<List<ActionRecorded>, ActionRecorded> result = queries.subscriptionQuery(
                        new WatchActions(backlog, scope), ResponseTypes.multipleInstancesOf(ActionRecorded.class), ResponseTypes.instanceOf(ActionRecorded.class));
                stops.add(result::cancel);
                if (backlog > 0) {
                    result.initialResult().blockOptional().orElse(List.of()).stream()
                            .filter(a -> instanceId == null || instanceId.toString().equals(a.instanceId()))
                            .forEach(a -> send(emitter, "action", a));
                }
                result.updates().publishOn(DELIVERY)
                        .filter(a -> instanceId == null || instanceId.toString().equals(a.instanceId()))
                        .subscribe(a -> send(emitter, "action", a), emitter::completeWithError);
            }
            if (topics.contains("metrics")) {
                SubscriptionQueryResult<List<InstanceMetrics>, InstanceMetrics> result = queries.subscriptionQuery(
                        new WatchInstanceMetrics(new InstanceId(instanceId)), ResponseTypes.multipleInstancesOf(InstanceMetrics.class),
                        ResponseTypes.instanceOf(InstanceMetrics.class));
                stops.add(result::cancel);
                if (snapshot) {
                    result.initialResult().blockOptional().orElse(List.of()).forEach(m -> send(emitter, "metrics", m));
                }
                result.updates().publishOn(DELIVERY).subscribe(m -> send(emitter, "metrics", m), emitter::completeWithError);
            }
            if (topics.contains("processors")) {
                processorWatchers.put(emitter, new java.util.concurrent.atomic.AtomicReference<>());
                stops.add(() -> processorWatchers.remove(emitter));
            }
        } catch (RuntimeException setupFailed) {
            // what was subscribed before the failure ends with it
            stops.forEach(Runnable::run);
            throw setupFailed;
        }
        // every heartbeat checks the caller again: a stream ends soon after its session ends or its organization is left
        java.util.concurrent.atomic.AtomicInteger failedChecks = new java.util.concurrent.atomic.AtomicInteger();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
                    if (stillEntitled(caller, scope, failedChecks)) {
                        comment(emitter);
                    } else {
                        emitter.complete();
                    }
                },
                heartbeatEvery.toMillis(), heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
        open.add(emitter);
        Runnable close = () -> {
            open.remove(emitter);
            heartbeat.cancel(false);
            stops.forEach(Runnable::run);
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        send(emitter, "ready", Map.of("topics", topics, "instance_id", instanceId == null ? "" : instanceId.toString()));
        return emitter;
    }

    /** Heartbeats are only streamed for an instance the caller may see; any other is as unknown as one that never existed. */
    private void requireVisible(Caller caller, UUID instanceId) {
        List<Object> args = new ArrayList<>(List.of(instanceId));
        String visible = Visibility.condition(caller, null, "organization_id", args);
        if (rows.count("select count(*) from instances where id = ?" + visible, args.toArray()) == 0) {
            throw new NotFound("instance", instanceId);
        }
    }

    /** A check that fails (the database briefly away) gives the stream the benefit of the doubt, three times in a row at most. */
    private boolean stillEntitled(Caller caller, OrganizationId scope, java.util.concurrent.atomic.AtomicInteger failedChecks) {
        try {
            boolean entitled = callers.ofSession(caller.sessionId())
                    .filter(now -> now.platformAdmin() || (now.role() != null && java.util.Objects.equals(scope, now.organizationId())))
                    .isPresent();
            failedChecks.set(0);
            return entitled;
        } catch (RuntimeException checkFailed) {
            return failedChecks.incrementAndGet() <= 3;
        }
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    private static void comment(SseEmitter emitter) {
        try {
            emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    /** Streams never end by themselves: close them when the platform stops, so its graceful shutdown does not wait on them. */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        open.forEach(SseEmitter::complete);
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        processorsWatch.shutdownNow();
    }
}
