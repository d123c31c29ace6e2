package io.inventiv.agents.command.modelservice;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ModelServiceConfiguration {

    /** A model service's name is held by one live service at a time: the directory is kept in the command's transaction. */
    @Bean
    ConfigurerModule modelServiceDirectoryInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ModelServiceDirectory.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(ModelServiceDirectory.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
