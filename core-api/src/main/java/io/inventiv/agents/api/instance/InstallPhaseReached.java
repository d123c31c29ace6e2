package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/**
 * The bootstrap script entered a phase ({@code check_gpu}, {@code install_agent}, ...).
 *
 * @param excerpt what the script printed since the previous phase (its last lines)
 */
public record InstallPhaseReached(InstanceId instanceId, int attempt, String phase, String excerpt, Actor actor, Instant at) {}
