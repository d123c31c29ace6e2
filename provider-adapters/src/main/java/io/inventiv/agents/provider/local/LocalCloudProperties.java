package io.inventiv.agents.provider.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the simulated cloud behaves.
 *
 * @param apiLatency time every API call takes
 * @param bootTime   time from power-on until the server runs and has an address
 */
@ConfigurationProperties("inventiv.local-cloud")
public record LocalCloudProperties(Duration apiLatency, Duration bootTime) {

    public LocalCloudProperties {
        apiLatency = apiLatency == null ? Duration.ofMillis(20) : apiLatency;
        bootTime = bootTime == null ? Duration.ofSeconds(3) : bootTime;
    }
}
