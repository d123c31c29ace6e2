package io.inventiv.agents.api.reconciliation;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import java.time.Instant;

/**
 * The reconciler found a server of ours at the provider that no live instance holds, and deleted it.
 *
 * @param instanceId the instance its tag names; {@code null} when untraceable
 * @param reason     why it was judged an orphan
 */
public record OrphanServerDeleted(String providerCode, String zone, String serverId, String serverName, InstanceId instanceId, String reason,
                                  Actor actor, Instant at) {}
