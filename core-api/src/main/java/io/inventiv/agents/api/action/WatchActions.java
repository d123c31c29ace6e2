package io.inventiv.agents.api.action;

/** Subscription to new action-log entries (every recorded fact of the platform, as it happens). */
public record WatchActions() {}
