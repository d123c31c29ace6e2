package io.inventiv.agents.saga.installation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bootstrap script run on every machine (see docs/worker-protocol.md), filled in for one run. */
public final class BootstrapScript {

    private BootstrapScript() {}

    public static String template() {
        try (InputStream in = BootstrapScript.class.getResourceAsStream("bootstrap.sh")) {
            if (in == null) {
                throw new IllegalStateException("bootstrap.sh is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fill(String template, String agentSha256, String model, String vllmVersion, boolean restartAgent, String dataVolumeId) {
        return template.replace("@AGENT_SHA256@", shellSafe(agentSha256))
                .replace("@MODEL@", shellSafe(model))
                .replace("@VLLM_VERSION@", shellSafe(vllmVersion))
                .replace("@RESTART_AGENT@", restartAgent ? "1" : "0")
                .replace("@DATA_VOLUME_ID@", dataVolumeId == null ? "" : shellSafe(dataVolumeId));
    }

    /** A value put inside double quotes in the script: nothing that the shell would expand. */
    private static String shellSafe(String value) {
        if (!value.matches("[A-Za-z0-9._:/@+-]+")) {
            throw new IllegalArgumentException("cannot be put in the bootstrap script: " + value);
        }
        return value;
    }
}
