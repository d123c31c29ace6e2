package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;

/**
 * An instance was asked for and the catalog allowed it; the codes are what the provider is told. The
 * organization owns the instance ({@code null} only for instances recorded before organizations existed).
 * The engine is started with the model's {@code contextLength} across the type's {@code gpuCount} GPUs
 * (both 0 in events recorded before installation existed).
 */
public record InstanceProvisioningRequested(InstanceId instanceId, ModelId modelId, InstanceTypeId typeId, ZoneId zoneId, ProviderId providerId,
                                            String providerCode, String zoneCode, String typeCode, int dataVolumeGb,
                                            OrganizationId organizationId, Actor requestedBy, Instant at,
                                            int contextLength, int gpuCount) {}
