package io.inventiv.agents.saga.autoscaling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the autoscaler looks at a service, and over what.
 *
 * @param evaluateEvery       time between two evaluations of a service with a scaling policy
 * @param signalWindow        the recent window the targets are compared with (means of the queue and KV cache, TTFT p95)
 * @param placementRetryAfter how long a placement where an instance could not be had is passed over
 */
@ConfigurationProperties("inventiv.autoscaling")
public record AutoscalingSettings(Duration evaluateEvery, Duration signalWindow, Duration placementRetryAfter) {

    public AutoscalingSettings {
        evaluateEvery = evaluateEvery == null ? Duration.ofSeconds(10) : evaluateEvery;
        signalWindow = signalWindow == null ? Duration.ofSeconds(30) : signalWindow;
        placementRetryAfter = placementRetryAfter == null ? Duration.ofMinutes(10) : placementRetryAfter;
    }
}
