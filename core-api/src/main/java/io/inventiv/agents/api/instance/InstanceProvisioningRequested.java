package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import java.time.Instant;
import io.inventiv.agents.api.catalog.ProviderId;

/** An instance was asked for and the catalog allowed it; the codes are what the provider is told. */
public record InstanceProvisioningRequested(InstanceId instanceId, ModelId modelId, InstanceTypeId typeId, ZoneId zoneId, ProviderId providerId, String providerCode, String zoneCode, String typeCode, int dataVolumeGb, Actor requestedBy, Instant at) {}
