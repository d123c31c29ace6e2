package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that an installation attempt failed in a phase. */
public record RecordInstallAttemptFailed(@TargetAggregateIdentifier InstanceId instanceId, int attempt, String phase, String reason,
                                         boolean willRetry, Actor recordedBy) {}
