package io.inventiv.agents.saga.installation;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How workers are installed.
 *
 * @param enabled         {@code false} leaves booted instances in INSTALLING (for measuring provisioning alone)
 * @param controlPlaneUrl where the workers reach the platform; unset: this node's own HTTP port on loopback,
 *                        which only machines on this host (the local provider) can reach
 * @param workerJar       a worker jar to install instead of the one bundled with the platform
 * @param timeout         longest run of the bootstrap script (a model download included)
 * @param readyTimeout    longest wait from the script's end until the worker reports its engine ready
 * @param recoveryDelay   how long an UNREACHABLE instance is left to come back by itself before the
 *                        worker is started again over SSH
 * @param bootstrapTokenTtl how long a bootstrap token may be used to enrol
 * @param vllmVersion     the vLLM release installed on GPU machines that have none
 * @param simulated       settings of the simulated engine on machines without a GPU (e.g. {@code load-time: 2s})
 * @param runCheckInterval how often a run under way is looked at, to find one lost with its node
 * @param hfTokenFile     a file holding a Hugging Face token, given to GPU machines for gated models (also {@code HF_TOKEN_FILE})
 * @param maxNumSeqs      sequences an engine runs at once ({@code --max-num-seqs}); more requests queue. Unset: the engine's default
 */
@ConfigurationProperties("inventiv.install")
public record InstallSettings(Boolean enabled, String controlPlaneUrl, String workerJar, Duration timeout, Duration readyTimeout,
                              Duration recoveryDelay, Duration bootstrapTokenTtl, String vllmVersion, Map<String, String> simulated,
                              Duration runCheckInterval, String hfTokenFile, Integer maxNumSeqs) {

    public InstallSettings {
        enabled = enabled == null || enabled;
        controlPlaneUrl = controlPlaneUrl == null || controlPlaneUrl.isBlank() ? null : controlPlaneUrl.replaceAll("/+$", "");
        timeout = timeout == null ? Duration.ofMinutes(20) : timeout;
        readyTimeout = readyTimeout == null ? Duration.ofMinutes(20) : readyTimeout;
        recoveryDelay = recoveryDelay == null ? Duration.ofSeconds(60) : recoveryDelay;
        bootstrapTokenTtl = bootstrapTokenTtl == null ? Duration.ofHours(1) : bootstrapTokenTtl;
        vllmVersion = vllmVersion == null || vllmVersion.isBlank() ? "0.11.0" : vllmVersion;
        simulated = simulated == null ? Map.of() : Map.copyOf(simulated);
        runCheckInterval = runCheckInterval == null ? Duration.ofSeconds(30) : runCheckInterval;
        hfTokenFile = hfTokenFile == null || hfTokenFile.isBlank() ? null : hfTokenFile;
        if (maxNumSeqs != null && maxNumSeqs < 1) {
            throw new IllegalArgumentException("inventiv.install.max-num-seqs must be at least 1");
        }
        for (String key : simulated.keySet()) {
            if (!key.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("inventiv.install.simulated." + key + ": not a setting of the simulated engine");
            }
        }
    }

    public boolean isEnabled() {
        return enabled;
    }
}
