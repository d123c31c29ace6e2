package io.inventiv.agents.command.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    /**
     * Catalog aggregates are read by every deployment and written rarely: reads take no lock, and two
     * concurrent writes of one entry are told apart by the event store's sequence constraint (409).
     */
    static final String LOCK_FACTORY = "catalogLockFactory";

    @Bean(LOCK_FACTORY)
    LockFactory catalogLockFactory() {
        return NullLockFactory.INSTANCE;
    }

    @Bean
    CatalogLookup catalogLookup(Repository<Provider> providers, Repository<Region> regions, Repository<Zone> zones,
                                Repository<InstanceType> instanceTypes, Repository<Model> models) {
        return new AggregateCatalogLookup(providers, regions, zones, instanceTypes, models);
    }

    @Bean
    @ConditionalOnProperty(name = "inventiv.catalog.load-default", havingValue = "true", matchIfMissing = true)
    DefaultCatalogLoader defaultCatalogLoader(@Value("${inventiv.catalog.default-file:classpath:catalog/local-default.json}") Resource file,
                                              ObjectMapper json, CommandGateway commands, CatalogLookup catalog, EventStore eventStore) {
        return new DefaultCatalogLoader(file, json, commands, catalog, eventStore);
    }
}
