package io.inventiv.agents.query;

import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/** The query side: projections into read models, their REST API, and the live event stream. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ComponentScan(basePackageClasses = QuerySideAutoConfiguration.class)
public class QuerySideAutoConfiguration {

    private static final List<String> PROJECTIONS = List.of("catalog", "instances", "action-log");

    /**
     * A projection that fails on an event retries it (with backoff, visible in /admin/processors) rather
     * than skipping it: a read model that silently misses an event would no longer equal its replay.
     */
    @Bean
    ConfigurerModule projectionsRetryFailedEvents() {
        return configurer -> PROJECTIONS.forEach(group -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance()));
    }
}
