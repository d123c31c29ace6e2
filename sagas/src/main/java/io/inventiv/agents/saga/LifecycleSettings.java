package io.inventiv.agents.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How patient the lifecycle sagas are with a provider.
 *
 * @param maxAttempts    tries of one step before giving up (at least 1)
 * @param initialBackoff wait before the second try; doubled for each further one
 * @param maxBackoff     longest wait between two tries
 * @param pollInterval   how often a booting server is looked at
 * @param bootTimeout    how long a server may take from power-on to having an address
 * @param drainSettle    how long after termination is asked the data plane is taken to have stopped sending a READY instance new
 *                       requests: only a heartbeat from then on can show it idle
 * @param drainTimeout   longest wait for the requests in flight on a READY instance to finish before its server is deleted
 */
@ConfigurationProperties("inventiv.lifecycle")
public record LifecycleSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration pollInterval,
                                Duration bootTimeout, Duration drainSettle, Duration drainTimeout) {

    public LifecycleSettings {
        maxAttempts = maxAttempts < 1 ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        bootTimeout = bootTimeout == null ? Duration.ofMinutes(5) : bootTimeout;
        drainSettle = drainSettle == null ? Duration.ofSeconds(2) : drainSettle;
        // as long as the data plane lets a request run (inventiv.router.request-timeout), so that no stream is cut by a scale-down
        drainTimeout = drainTimeout == null ? Duration.ofMinutes(30) : drainTimeout;
    }

    /** Wait before try number {@code attempt + 1}, having failed {@code attempt} times. */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
