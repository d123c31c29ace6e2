package io.inventiv.agents.saga;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.install.SshInstaller;
import io.inventiv.agents.saga.autoscaling.AutoscalingSaga;
import io.inventiv.agents.saga.autoscaling.AutoscalingSettings;
import io.inventiv.agents.saga.catalog.CatalogSync;
import io.inventiv.agents.saga.catalog.CatalogSyncController;
import io.inventiv.agents.saga.installation.InstallRuns;
import io.inventiv.agents.saga.installation.InstallSettings;
import io.inventiv.agents.saga.installation.InstallationSaga;
import io.inventiv.agents.saga.installation.WorkerBundle;
import io.inventiv.agents.saga.installation.WorkerInstaller;
import io.inventiv.agents.saga.provisioning.ProvisioningSaga;
import io.inventiv.agents.saga.reconciliation.Reconciler;
import io.inventiv.agents.saga.reconciliation.ReconciliationSettings;
import io.inventiv.agents.saga.termination.TerminationSaga;
import io.inventiv.agents.support.security.EngineKeys;
import io.inventiv.agents.support.storage.StorageProperties;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The process managers of an instance's life (provisioning, installation, termination), the autoscaler and the reconciler. */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties({LifecycleSettings.class, InstallSettings.class, ReconciliationSettings.class, AutoscalingSettings.class})
@Import({ProvisioningSaga.class, InstallationSaga.class, TerminationSaga.class, AutoscalingSaga.class, CatalogSyncController.class})
public class SagaAutoConfiguration {

    /** Installations at once on one node: each sends the worker jar and holds an SSH session. */
    private static final int CONCURRENT_INSTALLATIONS = 16;

    /** Heartbeats belong to the side that hears the workers: asked over the query bus, never waited on for long. */
    @Bean
    FleetTelemetry fleetTelemetry(QueryGateway queries) {
        return query -> queries.query(query, FleetLoad.class).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @Bean
    WorkerBundle workerBundle(InstallSettings settings) {
        return new WorkerBundle(settings.workerJar());
    }

    /** One secret per platform; every node of a cluster must be given the same (INVENTIV_ENGINE_KEY_SECRET). */
    @Bean
    EngineKeys engineKeys(StorageProperties storage, @Value("${inventiv.engine-key-secret:}") String secret) {
        return EngineKeys.from(secret, storage.data().dir().resolve("keys").resolve("engine-keys.secret"));
    }

    @Bean
    InstallRuns installRuns(JdbcTemplate jdbc, Clock clock) {
        return new InstallRuns(jdbc, clock);
    }

    @Bean
    WorkerInstaller workerInstaller(CloudProviders providers, SshInstaller ssh, CommandGateway commands, InstallSettings settings,
                                    WorkerBundle bundle, Environment environment, Clock clock, InstallRuns runs, EngineKeys engineKeys) {
        return new WorkerInstaller(providers, ssh, commands, settings, bundle, environment, clock, runs, engineKeys, CONCURRENT_INSTALLATIONS);
    }

    @Bean
    @DependsOnDatabaseInitialization
    PlatformIdentity platformIdentity(JdbcTemplate jdbc) {
        return PlatformIdentity.of(jdbc);
    }

    @Bean
    Reconciler reconciler(CloudProviders providers, QueryGateway queries, CommandGateway commands, EventGateway events,
                          ReconciliationSettings settings, Clock clock, PlatformIdentity platform, EventStore eventLog) {
        return new Reconciler(providers, queries, commands, events, settings, clock, platform, eventLog);
    }

    @Bean
    CatalogSync catalogSync(CloudProviders providers, CommandGateway commands, QueryGateway queries) {
        return new CatalogSync(providers, commands, queries);
    }

    @Bean
    @ConditionalOnProperty(name = "inventiv.catalog.sync-enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> catalogSyncTask(CatalogSync sync, @Value("${inventiv.catalog.sync-interval:6h}") java.time.Duration interval) {
        return Tasks.recurring("provider-catalog-sync", FixedDelay.of(interval)).execute((instance, context) -> sync.syncAll());
    }

    /** One node at a time runs a round. */
    @Bean
    @ConditionalOnProperty(name = "inventiv.reconciliation.enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> reconciliationTask(Reconciler reconciler, ReconciliationSettings settings) {
        return Tasks.recurring("provider-reconciliation", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> reconciler.reconcileAll());
    }
}
