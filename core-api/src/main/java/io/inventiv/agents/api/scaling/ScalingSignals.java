package io.inventiv.agents.api.scaling;

/**
 * What a scaling decision was made on, kept in its event so the audit shows why money was spent or saved. Averages are over the
 * READY instances; a {@code null} was not measured (no heartbeat, or no request got a first token in the window).
 *
 * @param ready                  instances taking traffic
 * @param starting               instances on their way (provisioning to starting) or unreachable
 * @param requestsRunning        requests being generated, all instances together, at their last heartbeat
 * @param waitingPerInstance     requests queued in the engines per instance, mean over the recent window
 * @param ttftP95Millis          time to first token, p95 over the recent window
 * @param kvCachePercent         KV-cache usage, mean over the recent window
 * @param peakWaitingPerInstance the highest queue per instance over the scale-down window
 * @param peakTtftP95Millis      the time to first token p95 over the scale-down window
 * @param peakKvCachePercent     the highest KV-cache usage over the scale-down window
 * @param idleSeconds            seconds since a request was last seen on any instance (or since the last scale-up)
 * @param heldRequests           requests the data plane holds for want of a READY instance
 */
public record ScalingSignals(int ready, int starting, Integer requestsRunning, Double waitingPerInstance, Double ttftP95Millis,
                             Double kvCachePercent, Double peakWaitingPerInstance, Double peakTtftP95Millis, Double peakKvCachePercent,
                             Long idleSeconds, Integer heldRequests) {

    /** Nothing measured: an empty fleet. */
    public static ScalingSignals none(int ready, int starting, Integer heldRequests) {
        return new ScalingSignals(ready, starting, null, null, null, null, null, null, null, null, heldRequests);
    }
}
