package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A new price, in force from {@code at}: usage after it is charged at it. */
public record ModelServicePriceChanged(ModelServiceId modelServiceId, TokenPrice previous, TokenPrice price, Actor actor, Instant at) {}
