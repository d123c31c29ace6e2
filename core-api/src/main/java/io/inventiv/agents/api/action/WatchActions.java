package io.inventiv.agents.api.action;

/**
 * Subscription to new action-log entries (every recorded fact of the platform, as it happens).
 *
 * @param backlog how many of the latest entries to receive first (0 for none)
 */
public record WatchActions(int backlog) {}
