package io.inventiv.agents.query.replay;

import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event processors of this node, and the rebuild of a projection from the event log: its tokens
 * are reset, its reset handler empties its tables, and it replays every event from the start.
 */
@RestController
class ReplayController {

    private final EventProcessingConfiguration processing;
    private final EventStore events;

    ReplayController(EventProcessingConfiguration processing, EventStore events) {
        this.processing = processing;
        this.events = events;
    }

    @Operation(summary = "List the event processors of this node with their position and replay status")
    @GetMapping("/admin/processors")
    List<Map<String, Object>> processors() {
        return processing.eventProcessors().keySet().stream().sorted()
                .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).map(p -> describe(name, p)).stream())
                .toList();
    }

    @Operation(summary = "How far a processor is: its position per segment against the head of the event log, and during a replay, "
            + "how much of it is done (the position reached over the position the replay runs to)")
    @GetMapping("/admin/replay/{processor}")
    Map<String, Object> progress(@PathVariable String processor) {
        StreamingEventProcessor p = named(processor);
        long head = position(events.createHeadToken());
        Map<String, Object> out = describe(processor, p);
        out.put("head_position", head);
        List<Double> done = p.processingStatus().values().stream().map(status -> {
            long at = status.getCurrentPosition().orElse(0);
            long until = status.isReplaying() ? status.getResetPosition().orElse(head) : head;
            return until <= 0 ? 1.0 : Math.min(1.0, (double) at / until);
        }).toList();
        out.put("progress", done.isEmpty() ? 0.0 : Math.round(done.stream().mapToDouble(Double::doubleValue).min().orElse(0) * 1000) / 1000.0);
        return out;
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    private StreamingEventProcessor named(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .orElseThrow(() -> new Rejected(new Rejection("not-found", "Not found", 404,
                        "no event processor named " + processor + " runs on this node", Map.of("processor", processor))));
    }

    @Operation(summary = "Rebuild a projection by replaying the whole event log into it")
    @PostMapping("/admin/replay/{processor}")
    ResponseEntity<Map<String, Object>> replay(@PathVariable String processor) {
        StreamingEventProcessor p = named(processor);
        if (!p.supportsReset()) {
            throw new Rejected(new Rejection("not-replayable", "Not replayable", 409,
                    processor + " cannot be replayed: it acts on the outside world (sagas), it does not only project", Map.of("processor", processor)));
        }
        synchronized (this) {
            p.shutDown();
            try {
                p.resetTokens();
            } catch (RuntimeException e) {
                throw new Rejected(new Rejection("replay-refused", "Replay refused", 409,
                        "the tokens of " + processor + " could not be reset (" + e.getMessage() + "); is it claimed by another node?",
                        Map.of("processor", processor)));
            } finally {
                p.start();
            }
        }
        return ResponseEntity.accepted().body(describe(processor, p));
    }

    private static Map<String, Object> describe(String name, StreamingEventProcessor p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("running", p.isRunning());
        out.put("replaying", p.isReplaying());
        out.put("supports_replay", p.supportsReset());
        out.put("segments", p.processingStatus().values().stream().map(ReplayController::segment).toList());
        return out;
    }

    private static Map<String, Object> segment(EventTrackerStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", status.getSegment().getSegmentId());
        out.put("caught_up", status.isCaughtUp());
        out.put("replaying", status.isReplaying());
        out.put("position", status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong() : null);
        out.put("error", status.isErrorState() ? String.valueOf(status.getError()) : null);
        return out;
    }
}
