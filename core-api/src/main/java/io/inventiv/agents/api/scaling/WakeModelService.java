package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The data plane holds requests for a service that has no READY instance: it asks for one if the service stands at zero. */
public record WakeModelService(@TargetAggregateIdentifier ModelServiceId modelServiceId, int heldRequests, Actor requestedBy) {}
