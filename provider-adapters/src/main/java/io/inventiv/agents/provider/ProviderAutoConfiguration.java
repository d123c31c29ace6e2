package io.inventiv.agents.provider;

import io.inventiv.agents.provider.local.LocalCloudConfiguration;
import io.inventiv.agents.provider.scaleway.ScalewayConfiguration;
import java.util.List;
import io.inventiv.agents.provider.install.ApacheSshdInstaller;
import io.inventiv.agents.provider.install.SshInstaller;
import io.inventiv.agents.support.storage.StorageProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The cloud providers this platform drives; {@code local} is always there, Scaleway when a project is configured. */
@AutoConfiguration
@Import({LocalCloudConfiguration.class, ScalewayConfiguration.class})
public class ProviderAutoConfiguration {

    @Bean
    CloudProviders cloudProviders(List<CloudProvider> providers) {
        return new CloudProviders(providers);
    }

    @Bean
    ProviderKeys providerKeys(StorageProperties storage) {
        return new ProviderKeys(storage.data().dir().resolve("keys"));
    }

    @Bean
    SshInstaller sshInstaller(ProviderKeys keys) {
        return new ApacheSshdInstaller(keys);
    }
}
