package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Makes a user a platform admin, or takes that role away. */
public record ChangePlatformRole(@TargetAggregateIdentifier UserId userId, PlatformRole platformRole, Actor requestedBy) {}
