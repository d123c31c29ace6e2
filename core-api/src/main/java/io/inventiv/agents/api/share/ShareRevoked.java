package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The share ended at {@code at}; its history and the usage charged under it stay. */
public record ShareRevoked(ShareId shareId, String reason, Actor actor, Instant at) {}
