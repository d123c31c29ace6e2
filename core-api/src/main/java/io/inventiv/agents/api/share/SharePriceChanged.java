package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.TokenPrice;
import java.time.Instant;

/** The share's new price, in force from {@code at}: the consumer's usage after it is charged at it. */
public record SharePriceChanged(ShareId shareId, TokenPrice previous, TokenPrice price, Actor actor, Instant at) {}
