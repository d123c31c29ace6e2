package io.inventiv.agents.api.instance;

/**
 * Subscription to instance changes; each update is the instance as it stands after a transition.
 *
 * @param instanceId only this instance, or all when {@code null}
 */
public record WatchInstances(InstanceId instanceId) {}
