package io.inventiv.agents.command.worker;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerSettings.class)
public class WorkerConfiguration {

    /** A worker's token is good exactly when the events that grant it are stored: the registry is kept in their transaction. */
    @Bean
    ConfigurerModule workerRegistryInTheCommandTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(WorkerRegistry.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(WorkerRegistry.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }

    @Bean
    RecurringTask<Void> heartbeatWatchTask(WorkerRegistry registry, Telemetry telemetry, CommandGateway commands, WorkerSettings settings,
                                           Clock clock) {
        HeartbeatWatch watch = new HeartbeatWatch(registry, telemetry, commands, settings, clock);
        return Tasks.recurring("worker-heartbeat-watch", FixedDelay.of(settings.checkInterval()))
                .execute((instance, context) -> watch.check());
    }
}
