package io.inventiv.agents.provider;

import io.inventiv.agents.provider.local.LocalCloudConfiguration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The cloud providers this platform drives; {@code local} is always there. */
@AutoConfiguration
@Import(LocalCloudConfiguration.class)
public class ProviderAutoConfiguration {

    @Bean
    CloudProviders cloudProviders(List<CloudProvider> providers) {
        return new CloudProviders(providers);
    }
}
