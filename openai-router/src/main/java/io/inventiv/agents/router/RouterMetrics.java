package io.inventiv.agents.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the data plane did, as meters (Prometheus at /actuator/prometheus): requests by model service and outcome,
 * their duration and time to first token, tokens by kind, refusals by OpenAI error code, and requests in flight.
 * Meters are looked up once per name and tags, then kept: recording a request costs a map read and an addition.
 */
final class RouterMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters kept where nothing reads them: for a data plane built without the platform's registry. */
    static RouterMetrics unread() {
        return new RouterMetrics(new SimpleMeterRegistry());
    }

    void inFlight(Supplier<Number> requests) {
        Gauge.builder("inventiv.router.requests.in.flight", requests).description("requests on /v1 being answered on this node")
                .register(registry);
    }

    /** A request that was answered, or failed, once: its service, its outcome, its tokens and durations. */
    void ended(UsageRecord record) {
        String service = record.service() == null ? "none" : record.service().name();
        String outcome = record.failed() ? "failed" : "answered";
        counter("inventiv.router.requests", "requests on /v1 by model service and outcome", "service", service, "outcome", outcome).increment();
        if (record.promptTokens() > 0) {
            counter("inventiv.router.tokens", "tokens counted on /v1", "service", service, "kind", "prompt").increment(record.promptTokens());
        }
        if (record.completionTokens() > 0) {
            counter("inventiv.router.tokens", "tokens counted on /v1", "service", service, "kind", "completion").increment(record.completionTokens());
        }
        timer("inventiv.router.request.duration", "time to answer a request on /v1, whole", service).record(record.totalMillis(), TimeUnit.MILLISECONDS);
        if (record.ttftMillis() >= 0) {
            timer("inventiv.router.time.to.first.token", "time from a request to its first token on /v1", service)
                    .record(Duration.ofMillis(record.ttftMillis()));
        }
    }

    /** A request answered with an OpenAI error envelope: its HTTP status and error code. */
    void refused(OpenAiError error) {
        counter("inventiv.router.errors", "requests on /v1 answered with an error, by status and code",
                "status", Integer.toString(error.status()), "code", error.code() == null ? "none" : error.code()).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("\u0000", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String service) {
        return timers.computeIfAbsent(name + "\u0000" + service,
                key -> Timer.builder(name).description(description).tag("service", service).register(registry));
    }
}
