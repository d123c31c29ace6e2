package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** From {@code at} the consumer is treated as any other organization: a private service is out of its reach, another one charged at its own price. */
public record SharePaused(ShareId shareId, String reason, Actor actor, Instant at) {}
