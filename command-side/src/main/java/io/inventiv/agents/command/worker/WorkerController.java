package io.inventiv.agents.command.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.api.instance.ConfirmWorkerToken;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.RecordWorkerEndpoints;
import io.inventiv.agents.api.instance.RegisterWorker;
import io.inventiv.agents.api.instance.ReportWorkerReadiness;
import io.inventiv.agents.api.instance.RotateWorkerToken;
import io.inventiv.agents.support.security.SecretTokens;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API the worker agents speak (docs/worker-protocol.md): enrolment with a one-time bootstrap token,
 * then heartbeats and token rotation with the worker's own token. A token is checked before the body
 * is read, so a caller without a good token learns nothing but 401, and nothing changes.
 */
@RestController
@Tag(name = "Worker agents", description = "Called by the worker agent on each machine, not by people")
class WorkerController {

    static final String WORKER_TOKEN_PREFIX = "iwt_";
    private static final Logger log = LoggerFactory.getLogger(WorkerController.class);

    private final CommandGateway commands;
    private final WorkerRegistry registry;
    private final Telemetry telemetry;
    private final WorkerSettings settings;
    private final Clock clock;
    private final ObjectMapper json;

    WorkerController(CommandGateway commands, WorkerRegistry registry, Telemetry telemetry, WorkerSettings settings, Clock clock,
                     ObjectMapper json) {
        this.commands = commands;
        this.registry = registry;
        this.telemetry = telemetry;
        this.settings = settings;
        this.clock = clock;
        // a newer agent may say more than this platform knows
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    record Registration(UUID instanceId, String bootstrapToken, Integer agentPort, Integer enginePort, String engine, String model,
                        String servedModelName, String agentVersion) {}

    record Enrolment(String workerToken, UUID instanceId, long heartbeatIntervalSeconds) {}

    record HeartbeatAnswer(boolean rotateToken, long heartbeatIntervalSeconds) {}

    record NewToken(String workerToken) {}

    @Operation(summary = "Enrol a worker", description = "With the one-time bootstrap token the installer gave the machine; answers the worker's own token.")
    @PostMapping(path = "/internal/worker/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Enrolment> register(@RequestBody(required = false) byte[] body) {
        Registration registration = read(body, Registration.class);
        List<String> problems = new ArrayList<>();
        if (registration.instanceId() == null) {
            problems.add("instance_id: is required");
        }
        if (registration.bootstrapToken() == null || registration.bootstrapToken().isBlank()) {
            problems.add("bootstrap_token: is required");
        }
        port(problems, "agent_port", registration.agentPort());
        port(problems, "engine_port", registration.enginePort());
        invalidIf(problems);
        InstanceId instance = new InstanceId(registration.instanceId());
        String workerToken = SecretTokens.newToken(WORKER_TOKEN_PREFIX);
        try {
            commands.sendAndWait(new RegisterWorker(instance, SecretTokens.sha256Hex(registration.bootstrapToken()),
                    SecretTokens.sha256Hex(workerToken), registration.agentPort(), registration.enginePort(),
                    truncate(registration.engine()), truncate(registration.agentVersion())));
        } catch (AggregateNotFoundException | IncompatibleAggregateException unknownInstance) {
            throw unauthorized();
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof AggregateNotFoundException || e.getCause() instanceof IncompatibleAggregateException) {
                throw unauthorized();
            }
            throw e;
        }
        log.info("Worker of instance {} enrolled ({} engine, agent {})", instance, registration.engine(), registration.agentVersion());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Enrolment(workerToken, instance.value(), settings.heartbeatInterval().toSeconds()));
    }

    @Operation(summary = "Report a worker's heartbeat", description = "Readiness, engine state and metrics; the answer may ask for a token rotation.")
    @PostMapping(path = "/internal/worker/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    HeartbeatAnswer heartbeat(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        String tokenHash = SecretTokens.sha256Hex(bearer(request));
        WorkerRegistry.Enrolled worker = registry.byTokenHash(tokenHash).orElseThrow(WorkerController::unauthorized);
        Heartbeat beat = read(body, Heartbeat.class);
        invalidIf(beat.problems());
        Instant now = clock.instant();
        telemetry.record(worker.instanceId(), now, beat);
        registry.heardFrom(worker.instanceId(), now);
        if (moved(worker, beat)) {
            try {
                commands.sendAndWait(new RecordWorkerEndpoints(worker.instanceId(), beat.agentPort(), beat.enginePort(),
                        Actor.worker(worker.instanceId().toString())));
            } catch (Rejected | CommandExecutionException raced) {
                log.debug("New endpoints of instance {} not recorded: {}", worker.instanceId(), raced.getMessage());
            }
        }
        if (worker.rotationUnconfirmed()) {
            try {
                commands.sendAndWait(new ConfirmWorkerToken(worker.instanceId(), tokenHash));
            } catch (Rejected | CommandExecutionException raced) {
                log.debug("Token of instance {} not confirmed: {}", worker.instanceId(), raced.getMessage());
            }
        }
        if (readinessMatters(worker, beat)) {
            try {
                commands.sendAndWait(new ReportWorkerReadiness(worker.instanceId(), beat.holding(), Actor.worker(worker.instanceId().toString())));
            } catch (Rejected | CommandExecutionException raced) {
                // the instance moved on (terminated, failed) between the token check and the report: the beat is still recorded
                log.debug("Readiness of instance {} not recorded: {}", worker.instanceId(), raced.getMessage());
            }
        }
        // a worker still heard with a replaced token never got its new one: it rotates again
        return new HeartbeatAnswer(worker.rotateRequested() || worker.withReplacedToken(), settings.heartbeatInterval().toSeconds());
    }

    @Operation(summary = "Rotate a worker's token", description = "With the current token; the old one is refused from then on.")
    @PostMapping("/internal/worker/rotate")
    NewToken rotate(HttpServletRequest request) {
        String currentHash = SecretTokens.sha256Hex(bearer(request));
        WorkerRegistry.Enrolled worker = registry.byTokenHash(currentHash).orElseThrow(WorkerController::unauthorized);
        String next = SecretTokens.newToken(WORKER_TOKEN_PREFIX);
        commands.sendAndWait(new RotateWorkerToken(worker.instanceId(), currentHash, SecretTokens.sha256Hex(next)));
        log.info("Worker of instance {} rotated its token", worker.instanceId());
        return new NewToken(next);
    }

    /** A restarted agent or engine may have taken other free ports; the router must call the engine where it is. */
    private static boolean moved(WorkerRegistry.Enrolled worker, Heartbeat beat) {
        return beat.agentPort() != null && beat.enginePort() != null
                && (!beat.agentPort().equals(worker.agentPort()) || !beat.enginePort().equals(worker.enginePort()));
    }

    /** Only what can change the instance's state is sent to it: one command per change, not per beat. */
    private static boolean readinessMatters(WorkerRegistry.Enrolled worker, Heartbeat beat) {
        var holding = beat.holding();
        boolean allHold = holding.size() == io.inventiv.agents.api.instance.ReadinessCheck.values().length;
        return switch (worker.state()) {
            case INSTALLING, STARTING -> !worker.readiness().containsAll(holding) || allHold;
            case READY -> !allHold;
            case UNREACHABLE -> allHold;
            default -> false;
        };
    }


    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized();
        }
        return header.substring(7).trim();
    }

    private <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw invalid(List.of("body: a JSON object is required"));
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw invalid(List.of("body: a JSON object is required"));
            }
            return value;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            // the client's field names, never the server's classes
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            throw invalid(List.of(field.isEmpty() ? "body: must be a JSON object" : field + ": has the wrong type or an invalid value"));
        } catch (IOException e) {
            throw invalid(List.of("body: is not valid JSON"));
        }
    }

    private static void port(List<String> problems, String field, Integer port) {
        if (port == null) {
            problems.add(field + ": is required");
        } else if (port < 1 || port > 65535) {
            problems.add(field + ": must be between 1 and 65535");
        }
    }

    private static void invalidIf(List<String> problems) {
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    private static Rejected invalid(List<String> problems) {
        return new Rejected("invalid-request", "Invalid request", 400, String.join("; ", problems), Map.of("errors", problems));
    }

    static Rejected unauthorized() {
        return new Rejected(new Rejection("invalid-token", "Unauthorized", 401,
                "a valid worker token is required (Authorization: Bearer <token>), or a valid bootstrap token to enrol", Map.of()));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

}
