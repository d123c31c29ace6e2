package io.inventiv.agents.saga.installation;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.instance.InstanceId;

/**
 * One run of the bootstrap script on an instance's machine.
 *
 * @param attempt   numbered across the instance's life (first installation and recoveries alike)
 * @param willRetry whether a failure of this run is followed by another
 * @param restartAgent whether an agent that runs is stopped and started again (it runs but is not heard)
 * @param dataVolumeId the volume that keeps the model's weights ({@code null}: none)
 */
public record InstallJob(InstanceId instanceId, int attempt, String providerCode, String zone, String serverId, ModelId modelId,
                         int contextLength, int gpuCount, boolean willRetry,
                         boolean restartAgent, String dataVolumeId) {}
