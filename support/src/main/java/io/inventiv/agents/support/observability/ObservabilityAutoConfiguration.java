package io.inventiv.agents.support.observability;

import jakarta.servlet.DispatcherType;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * One correlation id from an admin API request to the log lines and the messages it causes (ADR 017): the request's filter
 * puts it in the log context, commands and events sent then carry it in their metadata, Axon copies it from each message
 * handled to the messages its handler sends, and each handler has it in its log context while it runs.
 */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class ObservabilityAutoConfiguration {

    private static final CorrelationIdHandlerInterceptor HANDLING = new CorrelationIdHandlerInterceptor();

    /** First of all filters, so that every answer, refusals of the security filters included, says which request it is. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /**
     * Axon's correlation data: a message made while another is handled gets the handled one's id. Declared after Axon's
     * auto-configuration, so that its own provider (the {@code correlationId} and {@code traceId} of each message) stays.
     */
    @Bean
    CorrelationDataProvider correlationIdProvider() {
        return new SimpleCorrelationDataProvider(CorrelationId.KEY);
    }

    /** Every event processor (projections, sagas) has the id of the event it handles in its log context. */
    @Bean
    ConfigurerModule correlationIdInEventHandlers() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor((configuration, processor) -> HANDLING);
    }

    /**
     * The buses and the deadline manager are taken once every bean is made, not made earlier for this: commands and events
     * sent carry the id in the log context, and command and deadline handlers have their message's id in theirs.
     */
    @Bean
    SmartInitializingSingleton correlationIdOnBuses(ObjectProvider<CommandBus> commandBus, ObjectProvider<EventBus> eventBus,
                                                    ObjectProvider<DeadlineManager> deadlines) {
        return () -> {
            commandBus.ifAvailable(bus -> {
                bus.registerDispatchInterceptor(new CorrelationIdDispatchInterceptor<>());
                bus.registerHandlerInterceptor(HANDLING);
            });
            eventBus.ifAvailable(bus -> bus.registerDispatchInterceptor(new CorrelationIdDispatchInterceptor<>()));
            deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(HANDLING));
        };
    }
}
