package io.inventiv.agents.query.replay;

import io.inventiv.agents.api.common.Rejection;
import io.inventiv.agents.support.web.Rejected;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * How far the event processors of this node are: each one's position per segment against the head of the event
 * log, and during a replay how much of it is done. Read from the processors themselves, in memory.
 */
@Component
public class ProcessorStatus {

    private final EventProcessingConfiguration processing;
    private final EventStore events;

    ProcessorStatus(EventProcessingConfiguration processing, EventStore events) {
        this.processing = processing;
        this.events = events;
    }

    /** Every processor of this node, by name, without the head of the log. */
    public List<Map<String, Object>> processors() {
        return processing.eventProcessors().keySet().stream().sorted()
                .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).map(p -> describe(name, p)).stream())
                .toList();
    }

    /** Every processor of this node with the head of the log and its progress (the log is asked for its head once). */
    public List<Map<String, Object>> progress() {
        long head = position(events.createHeadToken());
        return processing.eventProcessors().keySet().stream().sorted()
                .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).map(p -> progress(name, p, head)).stream())
                .toList();
    }

    /** One processor with the head of the log and, during a replay, how much of it is done. */
    public Map<String, Object> progress(String processor) {
        return progress(processor, named(processor), position(events.createHeadToken()));
    }

    StreamingEventProcessor named(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .orElseThrow(() -> new Rejected(new Rejection("not-found", "Not found", 404,
                        "no event processor named " + processor + " runs on this node", Map.of("processor", processor))));
    }

    private static Map<String, Object> progress(String name, StreamingEventProcessor p, long head) {
        Map<String, Object> out = describe(name, p);
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

    static Map<String, Object> describe(String name, StreamingEventProcessor p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("running", p.isRunning());
        out.put("replaying", p.isReplaying());
        out.put("supports_replay", p.supportsReset());
        out.put("segments", p.processingStatus().values().stream().map(ProcessorStatus::segment).toList());
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
