package io.inventiv.agents.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the data plane did, as meters (Prometheus at /actuator/prometheus): requests by model service and outcome,
 * their duration and time to first token, tokens by kind, refusals by OpenAI error code, and requests in flight.
 * A service's meters are made when it is first served, then kept: recording a request costs one map read and additions.
 */
final class RouterMetrics {

    private final MeterRegistry registry;
    private final Map<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    /** The meters of one model service's requests. */
    private record ServiceMeters(Counter answered, Counter failed, Counter prompt, Counter completion, Timer duration, Timer firstToken) {

        static ServiceMeters of(MeterRegistry registry, String service) {
            return new ServiceMeters(requests(registry, service, "answered"), requests(registry, service, "failed"),
                    tokens(registry, service, "prompt"), tokens(registry, service, "completion"),
                    Timer.builder("inventiv.router.request.duration").description("time to answer a request on /v1, whole")
                            .tag("service", service).register(registry),
                    Timer.builder("inventiv.router.time.to.first.token").description("time from a request to its first token on /v1")
                            .tag("service", service).register(registry));
        }

        private static Counter requests(MeterRegistry registry, String service, String outcome) {
            return Counter.builder("inventiv.router.requests").description("requests on /v1 by model service and outcome")
                    .tags("service", service, "outcome", outcome).register(registry);
        }

        private static Counter tokens(MeterRegistry registry, String service, String kind) {
            return Counter.builder("inventiv.router.tokens").description("tokens counted on /v1").tags("service", service, "kind", kind)
                    .register(registry);
        }
    }

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
        ServiceMeters meters = services.computeIfAbsent(record.service() == null ? "none" : record.service().name(),
                service -> ServiceMeters.of(registry, service));
        (record.failed() ? meters.failed() : meters.answered()).increment();
        if (record.promptTokens() > 0) {
            meters.prompt().increment(record.promptTokens());
        }
        if (record.completionTokens() > 0) {
            meters.completion().increment(record.completionTokens());
        }
        meters.duration().record(record.totalMillis(), TimeUnit.MILLISECONDS);
        if (record.ttftMillis() >= 0) {
            meters.firstToken().record(record.ttftMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A request answered with an OpenAI error envelope: its HTTP status and error code. */
    void refused(OpenAiError error) {
        String code = error.code() == null ? "none" : error.code();
        errors.computeIfAbsent(error.status() + " " + code, key -> Counter.builder("inventiv.router.errors")
                .description("requests on /v1 answered with an error, by status and code")
                .tags("status", Integer.toString(error.status()), "code", code).register(registry)).increment();
    }
}
