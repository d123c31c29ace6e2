package io.inventiv.agents.provider.local;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalCloudProperties.class)
@Import(LocalCloudController.class)
public class LocalCloudConfiguration {

    @Bean
    LocalCloudFaults localCloudFaults() {
        return new LocalCloudFaults();
    }

    @Bean
    LocalCloudProvider localCloudProvider(JdbcTemplate jdbc, LocalCloudFaults faults, LocalCloudProperties properties, Clock clock) {
        return new LocalCloudProvider(jdbc, faults, properties, clock);
    }
}
