package io.inventiv.agents.provider.install;

import java.time.Duration;
import java.util.List;

/**
 * Installs the worker on a machine over SSH: uploads a bootstrap script and runs it. The script tells
 * its progress with {@code ::phase::NAME} lines; each phase is reported when it is over, with the output
 * it printed. Safe to repeat: the script is uploaded again and is expected to be idempotent.
 */
public interface SshInstaller {

    /** The lines a script prints to say it has reached a phase. */
    String PHASE_MARKER = "::phase::";

    /** Uploads {@code files} (skipping those already there with the same content), then the script, and runs it. */
    InstallOutcome install(InstallTarget target, List<Upload> files, String script, Duration timeout, PhaseListener listener);

    default InstallOutcome install(InstallTarget target, String script, Duration timeout, PhaseListener listener) {
        return install(target, List.of(), script, timeout, listener);
    }

    /**
     * A file to put on the machine, relative to the login directory, with its POSIX mode (e.g. {@code 600}).
     * It is written whole or not at all (a temporary file, then a rename).
     */
    record Upload(String path, String mode, byte[] content, String sha256) {

        public Upload {
            if (!path.matches("[A-Za-z0-9._/-]+") || path.startsWith("/") || path.contains("..")) {
                throw new IllegalArgumentException("not a safe relative path: " + path);
            }
            if (!mode.matches("[0-7]{3,4}")) {
                throw new IllegalArgumentException("not a file mode: " + mode);
            }
        }

        public static Upload of(String path, String mode, byte[] content) {
            return new Upload(path, mode, content, java.util.HexFormat.of().formatHex(sha256Of(content)));
        }

        private static byte[] sha256Of(byte[] content) {
            try {
                return java.security.MessageDigest.getInstance("SHA-256").digest(content);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Upload[" + path + ", " + content.length + " bytes]";
        }
    }

    /** Where to log in: a machine's address and SSH port, as which user, with which provider's key. */
    record InstallTarget(String providerCode, String host, int port, String user) {}

    /** A phase the script went through, and what it printed in it (its last lines); reported once the phase is over. */
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
