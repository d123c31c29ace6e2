package io.inventiv.agents.router;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The data plane: its own listener for the OpenAI-compatible API, and how it treats engines and callers.
 *
 * @param port              the data plane's port ({@code 0}: any free one; unset: the admin port's plus one); the admin port
 *                          relays {@code /v1} to it too
 * @param host              the address it listens on
 * @param eventLoops        threads that serve requests; {@code 0}: one per core
 * @param maxBodySize       largest request body accepted (413 beyond)
 * @param connectTimeout    to reach an engine; an engine that cannot be reached in time is skipped for the next one
 * @param idleTimeout       longest silence of an engine in the middle of an answer before the request fails (504)
 * @param requestTimeout    longest a request may take from end to end (504)
 * @param defaultMaxTokens  completion tokens counted against a key's tokens per minute when a request sets no limit
 * @param prefixAffinityChars a prompt at least this long goes to the instance that served its beginning before (prefix cache)
 * @param breakerFailureRate percentage of failed calls out of the last {@code breakerWindow} that opens an instance's breaker
 * @param breakerWindow     calls an instance's breaker judges by
 * @param breakerOpenFor    how long an open breaker keeps an instance out before letting a few calls try it
 * @param usageFlushInterval how often counted usage becomes {@code UsageRecorded} events
 * @param drainTimeout      at shutdown, how long requests in flight may still finish
 * @param holdMaxRequests   requests held at most per autoscaled model service with no READY instance while one is started (503 beyond)
 * @param holdTimeout       longest a request is held for an instance to be started (503 after)
 * @param rateLimitKeep     how long a node keeps the part of a key's rate limits it took and has not used before giving it back
 *                          to the other nodes
 */
@ConfigurationProperties("inventiv.router")
public record RouterSettings(Integer port, String host, int eventLoops, DataSize maxBodySize, Duration connectTimeout, Duration idleTimeout,
                             Duration requestTimeout, int defaultMaxTokens, int prefixAffinityChars, int breakerFailureRate, int breakerWindow,
                             Duration breakerOpenFor, Duration usageFlushInterval, Duration drainTimeout, int holdMaxRequests,
                             Duration holdTimeout, Duration rateLimitKeep) {

    /** The port to listen on: the one set, or the admin port's plus one (any free one when the admin port is). */
    int portBeside(int adminPort) {
        return port != null ? port : adminPort == 0 ? 0 : adminPort + 1;
    }

    public RouterSettings {
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        eventLoops = eventLoops <= 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(4) : maxBodySize;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(30) : requestTimeout;
        defaultMaxTokens = defaultMaxTokens <= 0 ? 256 : defaultMaxTokens;
        prefixAffinityChars = prefixAffinityChars <= 0 ? 256 : prefixAffinityChars;
        breakerFailureRate = breakerFailureRate <= 0 || breakerFailureRate > 100 ? 50 : breakerFailureRate;
        breakerWindow = breakerWindow <= 0 ? 10 : breakerWindow;
        breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(10) : breakerOpenFor;
        usageFlushInterval = usageFlushInterval == null ? Duration.ofSeconds(1) : usageFlushInterval;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(20) : drainTimeout;
        holdMaxRequests = holdMaxRequests <= 0 ? 100 : holdMaxRequests;
        holdTimeout = holdTimeout == null || holdTimeout.isNegative() || holdTimeout.isZero() ? Duration.ofSeconds(120) : holdTimeout;
        rateLimitKeep = rateLimitKeep == null || rateLimitKeep.isNegative() ? Duration.ofSeconds(1) : rateLimitKeep;
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("inventiv.router.port must be between 0 and 65535, not " + port);
        }
    }
}
