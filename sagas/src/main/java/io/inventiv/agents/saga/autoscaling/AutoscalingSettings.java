package io.inventiv.agents.saga.autoscaling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the autoscaler looks at a service, and over what.
 *
 * @param evaluateEvery       time between two evaluations of a service with a scaling policy
 * @param signalWindow        the recent window the targets are compared with (means of the queue and KV cache, TTFT p95)
 * @param placementRetryAfter how long a placement where an instance could not be had (or did not start) is passed over
 * @param replaceUnreachableAfter how long an instance may stay UNREACHABLE before it is terminated and replaced
 */
@ConfigurationProperties("inventiv.autoscaling")
public record AutoscalingSettings(Duration evaluateEvery, Duration signalWindow, Duration placementRetryAfter,
                                  Duration replaceUnreachableAfter) {

    public AutoscalingSettings {
        evaluateEvery = evaluateEvery == null ? Duration.ofSeconds(10) : evaluateEvery;
        signalWindow = signalWindow == null ? Duration.ofSeconds(30) : signalWindow;
        placementRetryAfter = placementRetryAfter == null ? Duration.ofMinutes(10) : placementRetryAfter;
        replaceUnreachableAfter = replaceUnreachableAfter == null ? Duration.ofMinutes(10) : replaceUnreachableAfter;
    }
}
