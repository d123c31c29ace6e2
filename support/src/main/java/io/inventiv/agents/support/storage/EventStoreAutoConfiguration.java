package io.inventiv.agents.support.storage;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** The event store Axon would build on the storage engine in PostgreSQL, following the other nodes' events closely. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class EventStoreAutoConfiguration {

    /**
     * The event store on PostgreSQL, as Axon builds it, but looking for events stored by other nodes every
     * {@code inventiv.events.follow-every} (default 100 ms) rather than every second: a key revoked through one node is
     * refused by the others within that time. Events stored by this node wake its processors at once, as before. One
     * query reads the head for all of this node's processors that follow it. With Axon Server, Axon's own store is used.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    @ConditionalOnMissingBean(EventBus.class)
    @ConditionalOnBean(EventStorageEngine.class)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${inventiv.events.follow-every:100ms}") java.time.Duration followEvery) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(Math.max(1, followEvery.toMillis()))
                .build();
    }

}
