package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker reports the readiness checks that hold; those not reported before are recorded. */
public record ReportWorkerReadiness(@TargetAggregateIdentifier InstanceId instanceId, Set<ReadinessCheck> holding, Actor reportedBy) {}
