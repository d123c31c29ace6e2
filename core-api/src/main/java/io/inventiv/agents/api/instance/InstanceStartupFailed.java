package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The instance did not start: STARTUP_FAILED, with the phase it failed in and why. Its machine is kept until terminated. */
public record InstanceStartupFailed(InstanceId instanceId, String phase, String reason, Actor actor, Instant at) {}
