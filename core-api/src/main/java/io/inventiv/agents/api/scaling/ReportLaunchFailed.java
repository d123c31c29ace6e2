package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An instance started for the service could not be had where it was asked (refused by the catalog, or provisioning failed):
 * its placement is passed over until {@code retryPlacementAt}, so that the next instance is asked of the next placement.
 */
public record ReportLaunchFailed(@TargetAggregateIdentifier ModelServiceId modelServiceId, InstanceId instanceId, InstanceTypeId typeId,
                                 ZoneId zoneId, String reason, Instant retryPlacementAt, Actor reportedBy) {}
