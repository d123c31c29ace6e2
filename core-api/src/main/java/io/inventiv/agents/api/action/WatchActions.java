package io.inventiv.agents.api.action;

import io.inventiv.agents.api.identity.OrganizationId;

/**
 * Subscription to new action-log entries (every recorded fact of the platform, as it happens).
 *
 * @param backlog        how many of the latest entries to receive first (0 for none)
 * @param organizationId only entries of this organization, or every entry when {@code null}
 */
public record WatchActions(int backlog, OrganizationId organizationId) {}
