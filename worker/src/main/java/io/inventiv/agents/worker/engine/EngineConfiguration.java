package io.inventiv.agents.worker.engine;

import io.inventiv.agents.worker.engine.embedding.SimulatedEmbedding;
import io.inventiv.agents.worker.engine.generation.ContextWindow;
import io.inventiv.agents.worker.engine.generation.Pace;
import io.inventiv.agents.worker.engine.generation.SequenceSlots;
import io.inventiv.agents.worker.engine.generation.SimulatedEngine;
import io.inventiv.agents.worker.engine.generation.TextGenerator;
import io.inventiv.agents.worker.engine.metrics.EngineMetrics;
import io.inventiv.agents.worker.engine.model.ServedModels;
import io.inventiv.agents.worker.engine.openai.ApiKeyFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Builds the simulated engine from {@link EngineProperties}; the engine's classes know no configuration. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    private final EngineProperties properties;

    EngineConfiguration(EngineProperties properties) {
        this.properties = properties;
    }

    @Bean
    ServedModels servedModels() {
        return new ServedModels(properties.model(), properties.servedModelName(), properties.maxModelLen());
    }

    @Bean
    ContextWindow contextWindow() {
        return new ContextWindow(properties.maxModelLen());
    }

    @Bean
    TextGenerator textGenerator() {
        return new TextGenerator();
    }

    @Bean
    SequenceSlots sequenceSlots() {
        return new SequenceSlots(properties.maxNumSeqs());
    }

    @Bean
    EngineMetrics engineMetrics(ServedModels models, SequenceSlots slots) {
        return new EngineMetrics(models.primaryName(), slots::running, slots::waiting, slots.capacity());
    }

    @Bean
    SimulatedEngine simulatedEngine(SequenceSlots slots, EngineMetrics metrics) {
        return new SimulatedEngine(slots, new Pace(properties.timeToFirstToken(), properties.tokensPerSecond()),
                metrics);
    }

    @Bean
    SimulatedEmbedding simulatedEmbedding() {
        return new SimulatedEmbedding(properties.embeddingDimension());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ModelLoading modelLoading() {
        return new ModelLoading(properties.model(), properties.loadTime());
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> engineAddress() {
        return factory -> {
            factory.setPort(properties.port());
            if (properties.hasHost()) {
                try {
                    factory.setAddress(InetAddress.getByName(properties.host()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("inventiv.engine.host is not an address: " + properties.host(),
                            e);
                }
            }
        };
    }

    /** Enabled only when a key is configured: a blank key means none, as an unset one. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter() {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(properties.hasApiKey() ? properties.apiKey() : ""));
        registration.setEnabled(properties.hasApiKey());
        return registration;
    }

    /** vLLM's line for "now serving", for supervisors that watch the log rather than poll. */
    @EventListener
    void serving(ServletWebServerInitializedEvent event) {
        log.info("Starting vLLM API server 0 on http://{}:{}", properties.hasHost() ? properties.host() : "0.0.0.0",
                event.getWebServer().getPort());
    }
}
