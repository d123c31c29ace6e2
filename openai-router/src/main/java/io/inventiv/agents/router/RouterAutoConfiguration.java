package io.inventiv.agents.router;

import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The data plane: the OpenAI-compatible API on {@code /v1}, fed by an in-memory table of keys, services and instances. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@Import({ModelsController.class, ChatController.class, OpenAiErrorAdvice.class})
public class RouterAutoConfiguration {

    @Bean
    RoutingTable routingTable() {
        return new RoutingTable();
    }

    @Bean
    RoutingProjection routingProjection(RoutingTable table) {
        return new RoutingProjection(table);
    }

    @Bean
    ApiKeyAuthentication apiKeyAuthentication(RoutingTable table, Clock clock) {
        return new ApiKeyAuthentication(table, clock);
    }

    /**
     * The table lives in memory: each start of the node reads the event log from its beginning (the
     * processor's position is not stored), then follows it.
     */
    @Bean
    ConfigurerModule routingTableFromTheWholeLog() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(RoutingProjection.PROCESSING_GROUP, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerTokenStore(RoutingProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore());
    }
}
