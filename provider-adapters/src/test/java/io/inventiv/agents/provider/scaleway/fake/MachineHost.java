package io.inventiv.agents.provider.scaleway.fake;

/**
 * Told when a fake server starts and stops existing as a machine, so that a test can stand up a real
 * endpoint (an SSH server, say) on its public address. Calls arrive in order on one thread of their
 * own, just after the state change is visible through the API; a slow host never blocks the API.
 */
public interface MachineHost {

    MachineHost NONE = new MachineHost() {};

    /** A server reached {@code running}. {@code publicAddress} is null when it has no public IP. */
    record RunningServer(String zone, String id, String name, String commercialType, String publicAddress,
                         String cloudInit) {}

    default void running(RunningServer server) {}

    /** A server left {@code running} (power off or stop in place): its address is gone. */
    default void stopped(String zone, String serverId) {}

    /** A server no longer exists. */
    default void deleted(String zone, String serverId) {}
}
