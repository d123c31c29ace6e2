package io.inventiv.agents.api.reconciliation;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import java.time.Instant;

/** The reconciler found a volume of ours at the provider that no live instance holds, and deleted it. */
public record OrphanVolumeDeleted(String providerCode, String zone, String volumeId, String volumeName, InstanceId instanceId, String reason,
                                  Actor actor, Instant at) {}
