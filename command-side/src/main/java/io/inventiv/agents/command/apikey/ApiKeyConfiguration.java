package io.inventiv.agents.command.apikey;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ApiKeyConfiguration {

    /** A revoked key is refused as soon as its revocation is stored: the directory is kept in the same transaction. */
    @Bean
    ConfigurerModule apiKeyDirectoryInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ApiKeyDirectory.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(ApiKeyDirectory.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
