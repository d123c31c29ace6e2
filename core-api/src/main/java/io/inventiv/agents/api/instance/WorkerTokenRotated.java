package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/**
 * The worker's token was replaced. The token it was asked with ({@code replacedTokenHash}) stays good
 * until the worker is first heard with the new one ({@link WorkerTokenConfirmed}), so a worker that never
 * got the answer is not locked out; every other earlier token is refused.
 */
public record WorkerTokenRotated(InstanceId instanceId, String workerTokenHash, String replacedTokenHash, Actor actor, Instant at) {}
