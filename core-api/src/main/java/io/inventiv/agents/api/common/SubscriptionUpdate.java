package io.inventiv.agents.api.common;

/**
 * An update of subscription queries of type {@code Q} that says itself which subscriptions it is for: so that it can be
 * sent to the subscribers of every node, not only of the node where it happened.
 */
public interface SubscriptionUpdate<Q> {

    /** The subscription queries this update answers. */
    Class<Q> queryType();

    /** Whether a subscriber that asked {@code query} gets this update. */
    boolean isFor(Q query);
}
