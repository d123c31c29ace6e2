package io.inventiv.agents.saga;

import io.inventiv.agents.saga.provisioning.ProvisioningSaga;
import io.inventiv.agents.saga.termination.TerminationSaga;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The process managers of an instance's life: provisioning and termination. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties(LifecycleSettings.class)
@Import({ProvisioningSaga.class, TerminationSaga.class})
public class SagaAutoConfiguration {}
