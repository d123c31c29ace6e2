package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.identity.OrganizationId;

/**
 * Subscription to instance changes; each update is the instance as it stands after a transition.
 *
 * @param instanceId     only this instance, or all when {@code null}
 * @param organizationId only instances of this organization, or of every one when {@code null}
 */
public record WatchInstances(InstanceId instanceId, OrganizationId organizationId) {}
