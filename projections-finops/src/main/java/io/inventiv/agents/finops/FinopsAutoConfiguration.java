package io.inventiv.agents.finops;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/** FinOps: read models of money and tokens built from the event log, and their API under {@code /finops}. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ComponentScan(basePackageClasses = FinopsAutoConfiguration.class)
public class FinopsAutoConfiguration {

    /**
     * The one processor of every FinOps projection (machine cost, token usage, issued statements): the books are read from the log
     * once, stand at one position of it together (a split of machine cost by tokens joins two of them), and are rebuilt together.
     */
    public static final String GROUP = "finops";

    /** A FinOps projection that fails on an event retries it rather than skipping it: books that miss an event are wrong books. */
    @Bean
    ConfigurerModule finopsProjectionsRetryFailedEvents() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance());
    }
}
