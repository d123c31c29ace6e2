package io.inventiv.agents.command;

import io.inventiv.agents.command.apikey.ApiKeyConfiguration;
import io.inventiv.agents.command.catalog.CatalogConfiguration;
import io.inventiv.agents.command.identity.IdentityConfiguration;
import io.inventiv.agents.command.modelservice.ModelServiceConfiguration;
import io.inventiv.agents.command.worker.WorkerConfiguration;
import io.inventiv.agents.support.web.RejectionDetailsInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/** The command side: aggregates, their REST API, and the default catalog. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ComponentScan(basePackageClasses = CommandSideAutoConfiguration.class)
@Import({CatalogConfiguration.class, IdentityConfiguration.class, WorkerConfiguration.class, ApiKeyConfiguration.class,
        ModelServiceConfiguration.class})
public class CommandSideAutoConfiguration {

    @Bean
    InitializingBean rejectionDetails(CommandBus commandBus) {
        return () -> commandBus.registerHandlerInterceptor(new RejectionDetailsInterceptor());
    }

    @Bean
    InitializingBean commandMeters(CommandBus commandBus, ObjectProvider<MeterRegistry> registry) {
        return () -> registry.ifAvailable(meters -> commandBus.registerHandlerInterceptor(new CommandMeters(meters)));
    }

}
