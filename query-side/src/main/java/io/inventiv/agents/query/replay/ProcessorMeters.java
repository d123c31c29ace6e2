package io.inventiv.agents.query.replay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How far behind the event log each processor of this node is, as gauges (Prometheus at /actuator/prometheus):
 * {@code inventiv.processor.lag} (events not yet handled), {@code inventiv.processor.position} and
 * {@code inventiv.processor.replaying}. Read from the processors when scraped, at most once a second for all of them
 * (the head of the log is one query): nothing is added to the handling of an event.
 */
@Component
class ProcessorMeters {

    private static final long FRESH_FOR_NANOS = 1_000_000_000L;

    private final ProcessorStatus status;
    private final ObjectProvider<MeterRegistry> registry;
    private volatile List<Map<String, Object>> last = List.of();
    private volatile long readAt = System.nanoTime() - 2 * FRESH_FOR_NANOS;

    ProcessorMeters(ProcessorStatus status, ObjectProvider<MeterRegistry> registry) {
        this.status = status;
        this.registry = registry;
    }

    /** The processors are known once the platform has started them. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        for (Map<String, Object> processor : status.processors()) {
            String name = (String) processor.get("name");
            gauge(meters, "inventiv.processor.lag", "events of the log this processor has not handled yet", name,
                    p -> head(p) - position(p));
            gauge(meters, "inventiv.processor.position", "the position in the event log this processor has reached (its slowest segment)",
                    name, ProcessorMeters::position);
            gauge(meters, "inventiv.processor.replaying", "1 while this processor replays the event log", name,
                    p -> Boolean.TRUE.equals(p.get("replaying")) ? 1 : 0);
        }
    }

    private void gauge(MeterRegistry meters, String meter, String description, String processor, ToDoubleFunction<Map<String, Object>> value) {
        Gauge.builder(meter, this, self -> self.now(processor).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("processor", processor).register(meters);
    }

    private java.util.Optional<Map<String, Object>> now(String processor) {
        long at = System.nanoTime();
        if (at - readAt > FRESH_FOR_NANOS) {
            synchronized (this) {
                if (at - readAt > FRESH_FOR_NANOS) {
                    last = status.progress();
                    readAt = System.nanoTime();
                }
            }
        }
        return last.stream().filter(p -> processor.equals(p.get("name"))).findFirst();
    }

    private static double head(Map<String, Object> processor) {
        return ((Number) processor.get("head_position")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double position(Map<String, Object> processor) {
        return ((List<Map<String, Object>>) processor.get("segments")).stream()
                .mapToDouble(s -> s.get("position") instanceof Number n ? n.doubleValue() : 0)
                .min().orElse(0);
    }
}
