package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The share is in force again from {@code at}, at its price. */
public record ShareResumed(ShareId shareId, Actor actor, Instant at) {}
