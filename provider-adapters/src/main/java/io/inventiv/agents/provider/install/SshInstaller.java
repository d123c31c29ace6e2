package io.inventiv.agents.provider.install;

import java.time.Duration;

/**
 * Installs the worker on a machine over SSH: uploads a bootstrap script and runs it. The script tells
 * its progress with {@code ::phase::NAME} lines; each is reported as it arrives, with the output that
 * led to it. Safe to repeat: the script is uploaded again and is expected to be idempotent.
 */
public interface SshInstaller {

    /** The lines a script prints to say it has reached a phase. */
    String PHASE_MARKER = "::phase::";

    InstallOutcome install(InstallTarget target, String script, Duration timeout, PhaseListener listener);

    /** Where to log in: a machine's address and SSH port, as which user, with which provider's key. */
    record InstallTarget(String providerCode, String host, int port, String user) {}

    /** A phase the script reached, and the output since the previous one (its last lines). */
    record InstallPhase(String name, String logExcerpt) {}

    /**
     * How it ended. When it failed, {@code phase} is the last one reached (or {@code connect} /
     * {@code upload} when the script never ran) and {@code reason} says why in a line.
     */
    record InstallOutcome(boolean succeeded, Integer exitCode, String phase, String reason, String logTail) {}

    @FunctionalInterface
    interface PhaseListener {
        void reached(InstallPhase phase);
    }
}
