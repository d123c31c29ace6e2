package io.inventiv.agents.finops;

import io.inventiv.agents.finops.chargeback.IssuedStatementProjection;
import io.inventiv.agents.finops.cost.MachineCostProjection;
import io.inventiv.agents.finops.usage.TokenUsageProjection;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/** FinOps: read models of money and tokens built from the event log, and their API under {@code /finops}. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ComponentScan(basePackageClasses = FinopsAutoConfiguration.class)
public class FinopsAutoConfiguration {

    static final List<String> PROJECTIONS = List.of(MachineCostProjection.GROUP, TokenUsageProjection.GROUP, IssuedStatementProjection.GROUP);

    /** A FinOps projection that fails on an event retries it rather than skipping it: books that miss an event are wrong books. */
    @Bean
    ConfigurerModule finopsProjectionsRetryFailedEvents() {
        return configurer -> PROJECTIONS.forEach(group -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance()));
    }
}
