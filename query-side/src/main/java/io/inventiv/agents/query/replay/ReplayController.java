package io.inventiv.agents.query.replay;

import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.StreamingEventProcessor;
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

    private final ProcessorStatus status;

    ReplayController(ProcessorStatus status) {
        this.status = status;
    }

    @Operation(summary = "List the event processors of this node with their position and replay status")
    @GetMapping("/admin/processors")
    List<Map<String, Object>> processors() {
        return status.processors();
    }

    @Operation(summary = "How far a processor is: its position per segment against the head of the event log, and during a replay, "
            + "how much of it is done (the position reached over the position the replay runs to)")
    @GetMapping("/admin/replay/{processor}")
    Map<String, Object> progress(@PathVariable String processor) {
        return status.progress(processor);
    }

    @Operation(summary = "Rebuild a projection by replaying the whole event log into it")
    @PostMapping("/admin/replay/{processor}")
    ResponseEntity<Map<String, Object>> replay(@PathVariable String processor) {
        StreamingEventProcessor p = status.named(processor);
        if (!p.supportsReset()) {
            throw new Rejected(new Rejection("not-replayable", "Not replayable", 409,
                    processor + " cannot be replayed: only a projection, whose tables can be emptied and filled again from the log, can (a saga acts on the outside world, the audit chain is kept, not rebuilt)", Map.of("processor", processor)));
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
        return ResponseEntity.accepted().body(ProcessorStatus.describe(processor, p));
    }
}
