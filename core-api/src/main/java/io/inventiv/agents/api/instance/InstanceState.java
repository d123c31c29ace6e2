package io.inventiv.agents.api.instance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an instance is in its life. {@code PROVISIONING → BOOTING → INSTALLING → STARTING → READY ⇄
 * UNREACHABLE → DRAINING → TERMINATING → TERMINATED}, with the failure states
 * {@code PROVISIONING_FAILED}, {@code STARTUP_FAILED} and {@code FAILED}.
 */
public enum InstanceState {
    PROVISIONING(10),
    BOOTING(40),
    INSTALLING(60),
    STARTING(80),
    READY(100),
    UNREACHABLE(100),
    DRAINING(30),
    TERMINATING(60),
    TERMINATED(100),
    PROVISIONING_FAILED(100),
    STARTUP_FAILED(100),
    FAILED(100);

    private static final Set<InstanceState> FINISHED = EnumSet.of(TERMINATED, PROVISIONING_FAILED);
    private static final Set<InstanceState> BEING_TERMINATED = EnumSet.of(DRAINING, TERMINATING);

    private final int progressWhenEntered;

    InstanceState(int progressWhenEntered) {
        this.progressWhenEntered = progressWhenEntered;
    }

    /** Nothing of this instance remains at the provider: it can only be archived. */
    public boolean isFinished() {
        return FINISHED.contains(this);
    }

    public boolean isBeingTerminated() {
        return BEING_TERMINATED.contains(this);
    }

    /** Whether a termination may be asked for: anything not already finished or on its way out. */
    public boolean canBeTerminated() {
        return !isFinished() && !isBeingTerminated();
    }

    /** The share of the road covered when the state is entered: towards {@code READY} while starting, towards
     * {@code TERMINATED} while terminating. */
    public int progressWhenEntered() {
        return progressWhenEntered;
    }
}
