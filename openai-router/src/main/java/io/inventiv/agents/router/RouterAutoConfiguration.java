package io.inventiv.agents.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.inventiv.agents.support.security.EngineKeys;
import io.inventiv.agents.support.storage.StorageProperties;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data plane: the OpenAI-compatible API on its own listener ({@link DataPlane}) and relayed from the
 * admin port ({@link V1Relay}), fed by an in-memory table of keys, services and instances.
 */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties(RouterSettings.class)
@Import(RouterController.class)
public class RouterAutoConfiguration {

    @Bean
    RoutingTable routingTable(RouterSettings settings) {
        CircuitBreakerConfig breakers = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(settings.breakerWindow(), 3))
                .waitDurationInOpenState(settings.breakerOpenFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();
        return new RoutingTable(id -> CircuitBreaker.of("instance-" + id, breakers));
    }

    @Bean
    Budgets budgets(Clock clock) {
        return new Budgets(clock);
    }

    @Bean
    RoutingProjection routingProjection(RoutingTable table, Budgets budgets) {
        return new RoutingProjection(table, budgets);
    }

    @Bean
    KeyProjection liveKeyProjection(RoutingTable table) {
        return new KeyProjection(table);
    }

    @Bean
    WorkbenchPasses workbenchPasses(Clock clock) {
        return new WorkbenchPasses(clock);
    }

    @Bean
    ApiKeyAuthentication apiKeyAuthentication(RoutingTable table, WorkbenchPasses passes, Clock clock) {
        return new ApiKeyAuthentication(table, passes, clock);
    }

    @Bean
    UsageMeter usageMeter(RouterSettings settings, StorageProperties storage, EventBus events, JdbcTemplate jdbc,
                          PlatformTransactionManager transactions, Budgets budgets, Clock clock) {
        return new UsageMeter(storage.data().dir().resolve("usage-journal"),
                new UsageEvents(events, jdbc, new TransactionTemplate(transactions), clock), budgets, settings.usageFlushInterval());
    }

    @Bean
    DataPlane dataPlane(RouterSettings settings, RoutingTable table, ApiKeyAuthentication authentication, Budgets budgets, UsageMeter usage,
                        ObjectMapper json, ObjectProvider<EngineKeys> engineKeys, CommandGateway commands, JdbcTemplate jdbc,
                        PlatformTransactionManager transactions,
                        @Value("${server.port:8080}") int adminPort, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        RateLimits limits = RateLimits.sharedThrough(new DatabaseBuckets(jdbc, new TransactionTemplate(transactions)), settings.rateLimitKeep());
        DataPlane plane = new DataPlane(settings, settings.portBeside(adminPort), table, authentication, limits, budgets, usage, json,
                engineKeys, commands);
        registry.ifAvailable(meters -> plane.meterTo(new RouterMetrics(meters)));
        return plane;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ServletRegistrationBean<V1Relay> v1Relay(DataPlane plane, WorkbenchPasses passes) {
        ServletRegistrationBean<V1Relay> registration = new ServletRegistrationBean<>(new V1Relay(plane, passes), "/v1/*");
        registration.setName("v1-relay");
        registration.setAsyncSupported(true);
        return registration;
    }

    /**
     * Model names hold slashes, which clients encode in {@code /v1/models/{model}}: the admin port decodes
     * {@code %2F} like any other character before the path is normalized and matched (security rules and
     * handlers see the same path), and the relay passes the request on as it came.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesDecoded() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(
                EncodedSolidusHandling.DECODE.getValue()));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    HttpFirewall firewallLettingEncodedSlashesThrough() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        return firewall;
    }

    /**
     * The table lives in memory: each start of the node reads the event log from its beginning (the
     * processor's position is not stored), then follows it.
     */
    @Bean
    ConfigurerModule routingTableFromTheWholeLog() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(RoutingProjection.PROCESSING_GROUP, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(1000)
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerTokenStore(RoutingProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore())
                .registerSubscribingEventProcessor(KeyProjection.LIVE_PROCESSING_GROUP);
    }
}
