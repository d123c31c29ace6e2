package io.inventiv.agents.support.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The storage every side shares: one PostgreSQL (external, or embedded in the data directory),
 * Flyway owning every table, and events, sagas, tokens and deadlines serialized as JSON.
 */
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class},
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    DatabaseServer databaseServer(StorageProperties properties) {
        return DatabaseServer.from(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    HikariDataSource dataSource(DatabaseServer server, StorageProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(server.user());
        dataSource.setPassword(server.password());
        dataSource.setMaximumPoolSize(properties.db().poolSize());
        dataSource.setPoolName("inventiv");
        // a JDBC batch of inserts (projections rebuilt from the log) travels as a few multi-row inserts
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }

    /** The one serializer for events, commands, sagas, tokens and deadlines: plain JSON. */
    @Bean
    @Primary
    @ConditionalOnMissingBean(Serializer.class)
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(messageObjectMapper()).build();
    }

    /**
     * Tracking processors take the events they read in batches of up to {@code inventiv.events.batch-size} (default 500), each
     * batch in one transaction with the position it reaches: a projection catching up or rebuilt from the log does not pay a
     * commit per event. A processor configured on its own (the sagas' {@code instance-lifecycle}) keeps its settings.
     */
    @Bean
    ConfigurerModule eventsInBatches(@Value("${inventiv.events.batch-size:500}") int batchSize) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize));
    }

    /** Subscription updates (the live stream's) reach the subscribers of every node, not only those of the node that emitted them. */
    @Bean
    SubscriptionUpdates subscriptionUpdates(org.axonframework.queryhandling.QueryUpdateEmitter emitter,
                                            org.springframework.jdbc.core.JdbcTemplate jdbc, DataSource dataSource, Serializer serializer,
                                            SegmentBalancer nodes) {
        return new SubscriptionUpdates(emitter, jdbc, dataSource, serializer, nodes::othersAlive);
    }

    /**
     * Several nodes share out the tracking processors' segments, whose tokens are in PostgreSQL in either mode (with Axon
     * Server too: its own balancing needs a licence); {@code inventiv.cluster.heartbeat-every} (default 2 s) is how often each
     * node says it is alive and looks at its share.
     */
    @Bean
    SegmentBalancer segmentBalancer(org.springframework.jdbc.core.JdbcTemplate jdbc,
                                    org.springframework.transaction.PlatformTransactionManager transactions,
                                    org.axonframework.config.EventProcessingConfiguration processing,
                                    @Value("${inventiv.cluster.heartbeat-every:2s}") java.time.Duration every) {
        return new SegmentBalancer(jdbc, new org.springframework.transaction.support.TransactionTemplate(transactions), processing, every);
    }

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Kept apart from the web layer's mapper so that the API's JSON style can change without changing
     * what is stored. Unknown properties are ignored so that old readers survive added fields.
     */
    static ObjectMapper messageObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
