package io.inventiv.agents.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code /v1} on an event loop of the data plane. Nothing here blocks or waits on the database:
 * the caller, the model service and its READY instances come from the {@link RoutingTable}; limits,
 * budgets and usage are counted in memory. A request goes to one instance ({@link InstancePicker}) with
 * the served model's name and the instance's engine key; it is tried on another while nothing has been
 * sent back yet; a stream is relayed event by event as it comes, with the service's name as its model.
 * A request for an autoscaled service with no READY instance waits in the plane's {@link WaitingRoom} and
 * comes back to this loop when an instance is READY (or the wait ends), then goes on as any other.
 */
final class V1Handler implements Handler<HttpServerRequest> {

    enum Route {
        CHAT("/v1/chat/completions"), COMPLETIONS("/v1/completions"), EMBEDDINGS("/v1/embeddings");

        final String path;

        Route(String path) {
            this.path = path;
        }
    }

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
    private static final String SESSION_HEADER = "x-session-id";

    private final DataPlane plane;
    private final Vertx vertx;
    private final HttpClient engines;
    private final ObjectMapper json;

    V1Handler(DataPlane plane, Vertx vertx, HttpClient engines) {
        this.plane = plane;
        this.vertx = vertx;
        this.engines = engines;
        this.json = plane.json();
    }

    /** Requests this loop took (written by its own thread only). */
    private volatile long requests;
    /** Client connections open on this loop (written by its own thread only). */
    private volatile int connections;

    /** The event loop thread this handler runs on (it is created there). */
    private final String thread = Thread.currentThread().getName();

    String thread() {
        return thread;
    }

    long requests() {
        return requests;
    }

    int connections() {
        return connections;
    }

    /** Counts a client connection of this loop while it is open. */
    void opened(HttpConnection connection) {
        connections++;
        connection.closeHandler(closed -> connections--);
    }

    @Override
    public void handle(HttpServerRequest request) {
        requests++;
        try {
            if (plane.draining()) {
                throw shuttingDown(request);
            }
            String path = request.path();
            if (path.equals("/v1/models") || path.startsWith("/v1/models/")) {
                if (request.method() != HttpMethod.GET) {
                    throw notAllowed(request);
                }
                Client client = authenticate(request);
                models(request, client, path.length() > 11 ? path.substring(11) : null);
                return;
            }
            Route route = switch (path) {
                case "/v1/chat/completions" -> Route.CHAT;
                case "/v1/completions" -> Route.COMPLETIONS;
                case "/v1/embeddings" -> Route.EMBEDDINGS;
                default -> throw new OpenAiError(404, "invalid_request_error", null, null,
                        "Invalid URL (" + request.method() + " " + path + ")");
            };
            if (request.method() != HttpMethod.POST) {
                throw notAllowed(request);
            }
            Client client = authenticate(request);
            readBody(request, route, client);
        } catch (OpenAiError refused) {
            refuse(request.response(), refused, null);
        }
    }

    private static OpenAiError shuttingDown(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) { // a connection header is malformed in HTTP/2
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        return OpenAiError.unavailable("shutting_down", "This node of the platform is shutting down; try again.", 1);
    }

    private Client authenticate(HttpServerRequest request) {
        return plane.authentication().authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), request.getHeader(WorkbenchPasses.HEADER));
    }

    private static OpenAiError notAllowed(HttpServerRequest request) {
        return new OpenAiError(405, "invalid_request_error", null, null,
                "Method " + request.method() + " is not allowed on " + request.path() + ".");
    }

    // --- /v1/models -------------------------------------------------------------------------------

    private void models(HttpServerRequest request, Client client, String name) {
        RoutingTable table = plane.table();
        Object body;
        if (name == null || name.isEmpty()) {
            List<Map<String, Object>> data = new ArrayList<>();
            for (RoutingTable.Service service : table.servicesFor(client.organizationId(), client.limits())) {
                data.add(model(service));
            }
            body = Map.of("object", "list", "data", data);
        } else {
            String decoded = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
            body = table.serviceFor(client.organizationId(), client.limits(), decoded)
                    .filter(table::servable).map(V1Handler::model)
                    .orElseThrow(() -> OpenAiError.modelNotFound(decoded));
        }
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(bytes(body)));
    }

    private static Map<String, Object> model(RoutingTable.Service service) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", service.name());
        model.put("object", "model");
        model.put("created", service.createdAt().getEpochSecond());
        model.put("owned_by", service.organizationId().toString());
        return model;
    }

    // --- the body --------------------------------------------------------------------------------

    private void readBody(HttpServerRequest request, Route route, Client client) {
        long max = plane.settings().maxBodySize().toBytes();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLong(declared) > max) {
            tooLarge(request, max);
            return;
        }
        Buffer body = Buffer.buffer(declared == null ? 1024 : (int) Math.max(0, Math.min(parseLong(declared), max)));
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                refused[0] = true;
                tooLarge(request, max);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                try {
                    start(request, route, client, body);
                } catch (OpenAiError e) {
                    refuse(request.response(), e, null);
                }
            }
        });
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Refuses a body too large and closes the connection rather than reading the rest of it. */
    private void tooLarge(HttpServerRequest request, long max) {
        OpenAiError error = new OpenAiError(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the " + max + " bytes this API accepts.");
        plane.metrics().refused(error);
        request.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(bytes(error.body()))).onComplete(sent -> request.connection().close());
    }

    // --- the exchange ----------------------------------------------------------------------------

    private void start(HttpServerRequest request, Route route, Client client, Buffer body) {
        ObjectNode payload = parse(body);
        Prompt prompt = Prompt.of(route, payload, plane.settings().prefixAffinityChars());
        String name = payload.get("model").asText();
        RoutingTable.Service service = plane.table().serviceFor(client.organizationId(), client.limits(), name)
                .orElseThrow(() -> OpenAiError.modelNotFound(name));
        long estimate = estimatedTokens(route, prompt);
        long now = System.nanoTime();
        RateLimits.Admission here = plane.rateLimits().admitHere(client, estimate, now);
        if (here != RateLimits.ASK_SHARED) {
            proceed(request, route, client, payload, prompt, service, here);
            return;
        }
        // the key's limits are shared with the other nodes: asked off the loop, the answer comes back on it
        Context loop = vertx.getOrCreateContext();
        plane.inFlight().increment();
        plane.rateLimits().admitShared(client, estimate, now).whenComplete((admission, failed) -> loop.runOnContext(v -> {
            plane.inFlight().decrement();
            if (request.response().closed()) {
                plane.rateLimits().refund(admission);
                return;
            }
            try {
                if (failed != null) {
                    throw failed.getCause() instanceof OpenAiError refused ? refused
                            : new OpenAiError(500, "server_error", null, null, "The rate limits of this key could not be read; please retry.");
                }
                proceed(request, route, client, payload, prompt, service, admission);
            } catch (OpenAiError refused) {
                refuse(request.response(), refused, null);
            }
        }));
    }

    /** Within the key's rate limits: to the service's READY instances, or held while an autoscaled service starts one. */
    private void proceed(HttpServerRequest request, Route route, Client client, ObjectNode payload, Prompt prompt,
                         RoutingTable.Service service, RateLimits.Admission admission) {
        List<RoutingTable.Backend> ready = plane.table().readyBackends(service);
        if (ready.isEmpty() && service.autoscaled()) {
            // counted against the key's limits and budget from now: a caller who may not spend cannot wake machines either
            hold(request, route, client, payload, prompt, service, ticket(route, client, prompt, service, ready, admission));
            return;
        }
        exchange(request, route, client, payload, prompt, service, ready, null, admission);
    }

    /** What a request may take of its key's rate limits and budget, taken when it is let in and settled when it ends. */
    private record Ticket(RateLimits.Admission admission, Budgets.Reservation reservation) {}

    /** Prompt tokens and the completion limit (the request's, or the default): what a request is counted for before it is sent. */
    private long estimatedTokens(Route route, Prompt prompt) {
        long completionLimit = prompt.completionLimit();
        return prompt.estimatedTokens() + (route == Route.EMBEDDINGS ? 0 : completionLimit > 0 ? completionLimit
                : plane.settings().defaultMaxTokens());
    }

    /** The budget's reservation beside the rate limits' admission; over budget, the admission's tokens go back. */
    private Ticket ticket(Route route, Client client, Prompt prompt, RoutingTable.Service service, List<RoutingTable.Backend> ready,
                          RateLimits.Admission admission) {
        long completionLimit = prompt.completionLimit();
        long worstCompletion = route == Route.EMBEDDINGS ? 0 : completionLimit > 0 ? completionLimit : worstContext(ready);
        try {
            return new Ticket(admission, plane.budgets().reserve(client, service, prompt.tokenBound(), worstCompletion, admission));
        } catch (OpenAiError overBudget) {
            plane.rateLimits().settle(admission, 0);
            throw overBudget;
        }
    }

    /** A request that never reached an instance gives back what it took. */
    private void giveBack(Ticket ticket, RoutingTable.Service service) {
        plane.rateLimits().settle(ticket.admission(), 0);
        plane.budgets().settle(ticket.reservation(), service, 0, 0);
    }

    private static OpenAiError notReady(String name) {
        return OpenAiError.unavailable("model_not_ready", "The model `" + name + "` has no instance ready to serve it right now; "
                + "try again shortly.", 5);
    }

    /**
     * No instance yet, but the service is being started: the request waits, counted in flight (shutdown waits for its answer),
     * and comes back on this loop.
     */
    private void hold(HttpServerRequest request, Route route, Client client, ObjectNode payload, Prompt prompt,
                      RoutingTable.Service service, Ticket ticket) {
        Context loop = vertx.getOrCreateContext();
        plane.inFlight().increment();
        WaitingRoom.Seat seat = plane.waitingRoom().hold(service.id(), task -> loop.runOnContext(v -> task.run()), outcome -> {
            try {
                if (request.response().closed()) {
                    giveBack(ticket, service);
                } else {
                    resume(request, route, client, payload, prompt, service, outcome, ticket);
                }
            } catch (OpenAiError refused) {
                refuse(request.response(), refused, null);
            } finally {
                plane.inFlight().decrement(); // once answered, or counted again as the exchange it became
            }
        });
        request.response().closeHandler(closed -> {
            if (seat.leave()) {
                giveBack(ticket, service);
                plane.inFlight().decrement();
            }
        });
    }

    /** Back from the waiting room: an instance is READY and the request starts over from its service, or the wait ended. */
    private void resume(HttpServerRequest request, Route route, Client client, ObjectNode payload, Prompt prompt, RoutingTable.Service held,
                        WaitingRoom.Outcome outcome, Ticket ticket) {
        String name = payload.get("model").asText();
        if (outcome != WaitingRoom.Outcome.READY) {
            giveBack(ticket, held);
        }
        switch (outcome) {
            case READY -> {
                RoutingTable.Service service = plane.table().serviceFor(client.organizationId(), client.limits(), name).orElse(null);
                if (service == null) {
                    giveBack(ticket, held);
                    throw OpenAiError.modelNotFound(name);
                }
                exchange(request, route, client, payload, prompt, service, plane.table().readyBackends(service), ticket, null);
            }
            case FULL -> throw starting(name, "already has the " + plane.settings().holdMaxRequests() + " requests waiting it can hold", 10);
            case TIMED_OUT -> throw starting(name, "no instance was ready within "
                    + RateLimits.duration(plane.settings().holdTimeout().toMillis()), 30);
            case RETIRED -> throw OpenAiError.modelNotFound(name);
            case NOT_AUTOSCALED -> throw notReady(name);
            case SHUTTING_DOWN -> throw shuttingDown(request);
        }
    }

    private static OpenAiError starting(String name, String why, int retryAfterSeconds) {
        return OpenAiError.unavailable("model_not_ready", "The model `" + name + "` is starting (it was scaled to zero) and " + why
                + "; please retry in " + retryAfterSeconds + " seconds.", retryAfterSeconds);
    }

    /**
     * Sends a request to its service's READY instances, within the caller's limits and budget (taken already by a request that was
     * held: {@code ticket}; else its rate limits' {@code admission}); none READY is answered 503, and a request that was not held
     * gives back what it took of the rate limits.
     */
    private void exchange(HttpServerRequest request, Route route, Client client, ObjectNode payload, Prompt prompt,
                          RoutingTable.Service service, List<RoutingTable.Backend> ready, Ticket ticket, RateLimits.Admission admission) {
        if (ready.isEmpty()) {
            if (ticket != null) {
                giveBack(ticket, service);
            } else {
                plane.rateLimits().refund(admission);
            }
            throw notReady(service.name());
        }
        boolean stream = route != Route.EMBEDDINGS && payload.path("stream").asBoolean(false);
        Exchange x = new Exchange(request, route, client, service, stream);
        if (stream) {
            JsonNode options = payload.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : payload.putObject("stream_options");
            x.clientWantsUsage = streamOptions.path("include_usage").asBoolean(false);
            x.clientWantsContinuousUsage = x.clientWantsUsage && streamOptions.path("continuous_usage_stats").asBoolean(false);
            streamOptions.put("include_usage", true);
            streamOptions.put("continuous_usage_stats", true);
        }
        payload.put("model", service.modelId().value());
        Ticket taken = ticket != null ? ticket : ticket(route, client, prompt, service, ready, admission);
        x.admission = taken.admission();
        x.reservation = taken.reservation();
        x.payload = bytes(payload);
        String session = request.getHeader(SESSION_HEADER);
        String user = payload.path("user").isTextual() ? payload.get("user").asText() : null;
        x.affinity = session != null ? session.hashCode() | 1L : user != null ? user.hashCode() | 1L : prompt.prefixHash();
        x.ready = ready;
        request.response().closeHandler(closed -> clientLeft(x));
        plane.inFlight().increment();
        long timeout = plane.settings().requestTimeout().toMillis();
        x.timer = vertx.setTimer(timeout, id -> timedOut(x));
        attempt(x);
    }

    private static int worstContext(List<RoutingTable.Backend> ready) {
        int worst = 0;
        for (RoutingTable.Backend backend : ready) {
            worst = Math.max(worst, backend.contextLength());
        }
        return worst > 0 ? worst : 32_768;
    }

    private ObjectNode parse(Buffer body) {
        JsonNode node;
        try {
            node = body.length() == 0 ? null : json.readTree(body.getBytes());
        } catch (IOException notJson) {
            throw new OpenAiError(400, "invalid_request_error", null, null,
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. "
                            + "The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
        }
        if (!(node instanceof ObjectNode payload)) {
            throw new OpenAiError(400, "invalid_request_error", null, null, "The request body must be a JSON object.");
        }
        if (!payload.path("model").isTextual() || payload.get("model").asText().isBlank()) {
            throw OpenAiError.missing("model", "you must provide a model parameter");
        }
        return payload;
    }

    /** Sends the request to the next instance to try, or answers that there is none left. */
    private void attempt(Exchange x) {
        if (x.finished) {
            return;
        }
        RoutingTable.Backend backend = InstancePicker.pick(x.ready, x.affinity, x.tried);
        if (backend == null) {
            finish(x, x.tried == null || x.tried.isEmpty()
                    ? OpenAiError.unavailable("model_not_ready", "The model `" + x.service.name() + "` has no instance able to take the request "
                            + "right now; try again shortly.", 5)
                    : OpenAiError.unavailable("upstream_unavailable", "No instance of `" + x.service.name() + "` could be reached; "
                            + "try again shortly.", 1));
            return;
        }
        if (x.tried == null) {
            x.tried = new ArrayList<>(2);
        }
        x.tried.add(backend);
        x.guarded = InstancePicker.guarded(backend);
        if (x.guarded && !backend.breaker().tryAcquirePermission()) {
            attempt(x);
            return;
        }
        Endpoint endpoint = backend.endpoint();
        if (endpoint == null) {
            if (x.guarded) {
                backend.breaker().releasePermission();
            }
            attempt(x);
            return;
        }
        x.backend = backend;
        x.attemptStarted = System.nanoTime();
        backend.inFlightCounter().incrementAndGet();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.host()).setPort(endpoint.port())
                .setSsl(endpoint.ssl()).setURI(endpoint.basePath() + x.route.path)
                .setConnectTimeout(plane.settings().connectTimeout().toMillis()).setIdleTimeout(plane.settings().idleTimeout().toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.AUTHORIZATION, plane.engineAuthorization(backend));
        engines.request(options).compose(upstream -> {
            x.upstream = upstream;
            if (x.finished) {
                upstream.reset();
            }
            return upstream.send(Buffer.buffer(x.payload));
        }).onComplete(answer -> {
            if (x.finished) {
                release(x, backend, null);
                return;
            }
            if (answer.failed()) {
                failedBeforeAnswer(x, backend, answer.cause());
            } else if (retryable(answer.result().statusCode())) {
                HttpClientResponse response = answer.result();
                response.body();
                failedBeforeAnswer(x, backend, new IOException("the engine answered " + response.statusCode()));
            } else {
                relay(x, backend, answer.result());
            }
        });
    }

    private static boolean retryable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /**
     * Nothing went back to the client yet: another instance may take the request, unless the engine only
     * took too long. A kept-alive connection the engine closed as the request went out is not the
     * instance's fault: the request is sent to it again, once, without counting against its breaker.
     */
    private void failedBeforeAnswer(Exchange x, RoutingTable.Backend backend, Throwable cause) {
        x.upstream = null;
        if (cause instanceof io.vertx.core.http.HttpClosedException && !x.resentOnStaleConnection) {
            x.resentOnStaleConnection = true;
            backend.inFlightCounter().decrementAndGet();
            if (x.guarded) {
                backend.breaker().releasePermission();
            }
            x.tried.remove(backend);
            attempt(x);
            return;
        }
        release(x, backend, cause);
        if (isTimeout(cause)) {
            finish(x, new OpenAiError(504, "timeout_error", "upstream_timeout", null,
                    "The instance serving `" + x.service.name() + "` did not answer in time."));
        } else {
            attempt(x);
        }
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof java.util.concurrent.TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
                || cause.getClass().getSimpleName().contains("Timeout");
    }

    /** Ends an attempt on an instance: its count of requests in flight and its breaker learn the outcome. */
    private void release(Exchange x, RoutingTable.Backend backend, Throwable failure) {
        if (x.released == backend) {
            return;
        }
        x.released = backend;
        backend.inFlightCounter().decrementAndGet();
        long took = System.nanoTime() - x.attemptStarted;
        if (!x.guarded) {
            return;
        }
        if (failure != null) {
                backend.breaker().onError(took, java.util.concurrent.TimeUnit.NANOSECONDS, failure);
        } else if (x.clientGone) {
            backend.breaker().releasePermission();
        } else {
            backend.breaker().onSuccess(took, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    // --- relaying the answer ---------------------------------------------------------------------

    private void relay(Exchange x, RoutingTable.Backend backend, HttpClientResponse answer) {
        int status = answer.statusCode();
        String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
        if (x.stream && status == 200 && type != null && type.startsWith("text/event-stream")) {
            relayStream(x, backend, answer);
            return;
        }
        answer.body().onComplete(read -> {
            if (x.finished) {
                release(x, backend, null);
                return;
            }
            if (read.failed()) {
                failedBeforeAnswer(x, backend, read.cause());
                return;
            }
            Buffer body = read.result();
            HttpServerResponse response = x.request.response();
            if (status == 200) {
                body = rewriteAnswer(x, body);
            } else {
                x.failed = true;
            }
            x.ttftNanos = System.nanoTime() - x.startNanos;
            release(x, backend, status >= 500 ? new IOException("the engine answered " + status) : null);
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type == null ? JSON : type);
            limitHeaders(x, response);
            settle(x); // counted before the client has its answer: a node killed after answering has it in its journal
            response.end(body);
        });
    }

    /** The engine's whole answer with the service's name as its model; its usage is what the request is charged. */
    private Buffer rewriteAnswer(Exchange x, Buffer body) {
        try {
            JsonNode answer = json.readTree(body.getBytes());
            if (answer instanceof ObjectNode object) {
                takeUsage(x, object.get("usage"));
                if (object.has("model")) {
                    object.put("model", x.service.name());
                }
                return Buffer.buffer(json.writeValueAsBytes(object));
            }
        } catch (IOException notJson) {
            x.failed = true;
        }
        return body;
    }

    private static void takeUsage(Exchange x, JsonNode usage) {
        if (usage != null && usage.isObject()) {
            x.promptTokens = usage.path("prompt_tokens").asLong(x.promptTokens);
            x.completionTokens = usage.path("completion_tokens").asLong(x.completionTokens);
        }
    }

    private void relayStream(Exchange x, RoutingTable.Backend backend, HttpClientResponse answer) {
        HttpServerResponse response = x.request.response();
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader("x-accel-buffering", "no");
        limitHeaders(x, response);
        x.streaming = true;
        SseEvents events = new SseEvents(data -> relayEvent(x, response, data));
        answer.handler(chunk -> {
            events.feed(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
                response.drainHandler(drained -> answer.resume());
            }
        });
        answer.exceptionHandler(broken -> {
            if (x.finished) {
                return;
            }
            release(x, backend, broken);
            x.failed = true;
            response.write(sseError(new OpenAiError(502, "server_error", "upstream_failed", null, isTimeout(broken)
                    ? "the instance stopped sending in the middle of the answer" : "the instance serving the request failed in the middle of the answer")));
            response.end();
            settle(x);
        });
        answer.endHandler(end -> {
            if (x.finished) {
                return;
            }
            events.end();
            release(x, backend, null);
            settle(x);
            response.end();
        });
    }

    /** One event of the engine's stream, rewritten for the client; the usage the client did not ask for is kept back. */
    private void relayEvent(Exchange x, HttpServerResponse response, String data) {
        if (x.finished) {
            return;
        }
        if (data.equals("[DONE]")) {
            response.write("data: [DONE]\n\n");
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(data);
        } catch (IOException notJson) {
            response.write("data: " + data + "\n\n");
            return;
        }
        if (event instanceof ObjectNode chunk) {
            JsonNode usage = chunk.get("usage");
            takeUsage(x, usage);
            JsonNode choices = chunk.get("choices");
            boolean usageOnly = choices instanceof ArrayNode array && array.isEmpty() && usage != null && usage.isObject();
            if (usageOnly && !x.clientWantsUsage) {
                return;
            }
            if (!usageOnly && usage != null && !x.clientWantsContinuousUsage) {
                if (x.clientWantsUsage) {
                    chunk.putNull("usage");
                } else {
                    chunk.remove("usage");
                }
            }
            if (chunk.has("model")) {
                chunk.put("model", x.service.name());
            }
            if (chunk.has("error")) {
                x.failed = true;
            }
            if (x.ttftNanos < 0 && !usageOnly) {
                x.ttftNanos = System.nanoTime() - x.startNanos;
            }
            try {
                data = json.writeValueAsString(chunk);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        response.write("data: " + data + "\n\n");
    }

    /** An error as the last event of a stream already under way (its status is long sent). */
    private String sseError(OpenAiError error) {
        return "data: " + new String(bytes(error.body()), java.nio.charset.StandardCharsets.UTF_8) + "\n\n";
    }

    // --- ends ------------------------------------------------------------------------------------

    /** The client closed its connection: the request ends here, then the engine's call is reset (its callbacks find it ended). */
    private void clientLeft(Exchange x) {
        if (x.finished) {
            return;
        }
        x.clientGone = true;
        x.failed = true;
        if (x.backend != null) {
            release(x, x.backend, null);
        }
        settle(x);
        if (x.upstream != null) {
            x.upstream.reset();
        }
    }

    private void timedOut(Exchange x) {
        x.timer = -1;
        if (x.finished) {
            return;
        }
        if (x.backend != null) {
            release(x, x.backend, new java.util.concurrent.TimeoutException("request timeout"));
        }
        OpenAiError late = new OpenAiError(504, "timeout_error", "request_timeout", null,
                "The request took longer than the " + plane.settings().requestTimeout().toSeconds() + " s this API allows.");
        if (x.streaming) {
            x.failed = true;
            x.request.response().end(sseError(late));
            settle(x);
        } else {
            finish(x, late);
        }
        if (x.upstream != null) {
            x.upstream.reset();
        }
    }

    /** Answers with a refusal the request that has not been answered yet, and settles it. */
    private void finish(Exchange x, OpenAiError error) {
        x.failed = true;
        refuse(x.request.response(), error, x);
        settle(x);
    }

    /** Counts what the request used, once: the key's tokens, the budget, the usage of the minute. */
    private void settle(Exchange x) {
        if (x.finished) {
            return;
        }
        x.finished = true;
        plane.inFlight().decrement();
        if (x.timer >= 0) {
            vertx.cancelTimer(x.timer);
        }
        plane.rateLimits().settle(x.admission, x.promptTokens + x.completionTokens);
        plane.budgets().settle(x.reservation, x.service, x.promptTokens, x.completionTokens);
        long now = System.nanoTime();
        UsageRecord record = new UsageRecord(System.currentTimeMillis(), x.client, x.service, x.released == null ? null : x.released.id(),
                x.promptTokens, x.completionTokens, x.failed, x.ttftNanos < 0 ? -1 : x.ttftNanos / 1_000_000, (now - x.startNanos) / 1_000_000);
        plane.usage().record(record);
        plane.metrics().ended(record);
    }

    private void refuse(HttpServerResponse response, OpenAiError error, Exchange x) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        plane.metrics().refused(error);
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        for (String[] header : error.headers()) {
            response.putHeader(header[0], header[1]);
        }
        if (x != null) {
            limitHeaders(x, response);
        }
        response.end(Buffer.buffer(bytes(error.body())));
    }

    private static void limitHeaders(Exchange x, HttpServerResponse response) {
        if (x.admission != null) {
            for (String[] header : RateLimits.headers(x.admission)) {
                response.putHeader(header[0], header[1]);
            }
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request on its way: everything its event loop needs to carry it to its end. Used by one event loop only. */
    private static final class Exchange {
        final HttpServerRequest request;
        final Route route;
        final Client client;
        final RoutingTable.Service service;
        final boolean stream;
        final long startNanos = System.nanoTime();
        boolean clientWantsUsage;
        boolean clientWantsContinuousUsage;
        RateLimits.Admission admission;
        Budgets.Reservation reservation;
        byte[] payload;
        long affinity;
        List<RoutingTable.Backend> ready;
        List<RoutingTable.Backend> tried;
        RoutingTable.Backend backend;
        RoutingTable.Backend released;
        long attemptStarted;
        boolean guarded;
        boolean resentOnStaleConnection;
        io.vertx.core.http.HttpClientRequest upstream;
        long timer = -1;
        boolean streaming;
        boolean clientGone;
        boolean failed;
        boolean finished;
        long promptTokens;
        long completionTokens;
        long ttftNanos = -1;

        Exchange(HttpServerRequest request, Route route, Client client, RoutingTable.Service service, boolean stream) {
            this.request = request;
            this.route = route;
            this.client = client;
            this.service = service;
            this.stream = stream;
        }
    }
}
