package io.inventiv.agents.api.reconciliation;

import io.inventiv.agents.api.instance.InstanceId;
import java.util.Set;

/**
 * Asks the read side what the platform believes it holds at a provider: every instance of that provider
 * not finished, and also the instances named in {@code alsoThese} whatever their state (those a tag at the
 * provider points to). Answered with {@link InstanceHolding}s.
 */
public record InstancesAtProvider(String providerCode, Set<InstanceId> alsoThese) {}
