package io.inventiv.agents.provider.local;

import java.time.Clock;
import io.inventiv.agents.provider.ProviderKeys;
import io.inventiv.agents.support.storage.StorageProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalCloudProperties.class)
@Import(LocalCloudController.class)
public class LocalCloudConfiguration {

    @Bean
    LocalCloudFaults localCloudFaults() {
        return new LocalCloudFaults();
    }

    /**
     * The simulated cloud is outside the platform's transactions, as a real one is: its statements run on
     * connections of their own (the wrapper is not the data source a transaction binds its connection to),
     * so what it did stays done when the caller rolls back.
     */
    @Bean
    LocalMachines localMachines(DataSource dataSource, LocalCloudProperties properties, ProviderKeys keys, StorageProperties storage,
                                Clock clock) {
        return new LocalMachines(new JdbcTemplate(new DelegatingDataSource(dataSource)), properties, keys,
                storage.data().dir().resolve("local-cloud").resolve("machines"), clock);
    }

    @Bean
    LocalCloudProvider localCloudProvider(DataSource dataSource, LocalCloudFaults faults, LocalCloudProperties properties, Clock clock) {
        return new LocalCloudProvider(new JdbcTemplate(new DelegatingDataSource(dataSource)), faults, properties, clock);
    }
}
