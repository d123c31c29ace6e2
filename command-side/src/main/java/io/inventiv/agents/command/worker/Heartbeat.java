package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.instance.ReadinessCheck;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a worker reports at each beat (see docs/worker-protocol.md). Every metric may be {@code null}: not measured. */
record Heartbeat(Integer agentPort, Integer enginePort, Readiness readiness, Engine engine, Metrics metrics) {

    record Readiness(boolean engineHttpUp, boolean modelLoaded, boolean warmedUp) {}

    record Engine(String kind, Boolean running, Long pid, Integer restarts) {}

    record Metrics(Double gpuUtilization, Integer requestsRunning, Integer requestsWaiting, Double kvCacheUsage,
                   Double timeToFirstTokenSeconds, Long promptTokensTotal, Long generationTokensTotal) {}

    Set<ReadinessCheck> holding() {
        Set<ReadinessCheck> checks = EnumSet.noneOf(ReadinessCheck.class);
        if (readiness != null && readiness.engineHttpUp()) {
            checks.add(ReadinessCheck.ENGINE_HTTP_UP);
            if (readiness.modelLoaded()) {
                checks.add(ReadinessCheck.MODEL_LOADED);
                if (readiness.warmedUp()) {
                    checks.add(ReadinessCheck.WARMED_UP);
                }
            }
        }
        return checks;
    }

    /** What is wrong with the report, one line per field; empty when it is sound. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (readiness == null) {
            problems.add("readiness: is required");
        }
        port(problems, "agent_port", agentPort);
        port(problems, "engine_port", enginePort);
        if (metrics != null) {
            fraction(problems, "metrics.gpu_utilization", metrics.gpuUtilization());
            fraction(problems, "metrics.kv_cache_usage", metrics.kvCacheUsage());
            notNegative(problems, "metrics.requests_running", metrics.requestsRunning());
            notNegative(problems, "metrics.requests_waiting", metrics.requestsWaiting());
            notNegative(problems, "metrics.time_to_first_token_seconds", metrics.timeToFirstTokenSeconds());
            notNegative(problems, "metrics.prompt_tokens_total", metrics.promptTokensTotal());
            notNegative(problems, "metrics.generation_tokens_total", metrics.generationTokensTotal());
        }
        if (engine != null) {
            notNegative(problems, "engine.restarts", engine.restarts());
        }
        return problems;
    }

    private static void port(List<String> problems, String field, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            problems.add(field + ": must be between 1 and 65535");
        }
    }

    private static void fraction(List<String> problems, String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            problems.add(field + ": must be between 0 and 1");
        }
    }

    private static void notNegative(List<String> problems, String field, Number value) {
        if (value != null && !(value.doubleValue() >= 0) || value instanceof Double d && d.isInfinite()) {
            problems.add(field + ": must be a finite number, 0 or more");
        }
    }
}
