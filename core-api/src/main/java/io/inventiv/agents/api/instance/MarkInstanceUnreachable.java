package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a READY instance's worker stopped answering; ignored by an instance in any other state. */
public record MarkInstanceUnreachable(@TargetAggregateIdentifier InstanceId instanceId, String reason, Instant lastHeartbeatAt,
                                      Actor recordedBy) {}
