package io.inventiv.agents.worker.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * An inference engine that speaks vLLM's OpenAI-compatible HTTP API without a GPU: it loads nothing,
 * generates deterministic text at a configured pace and reports vLLM's metrics, so that the worker
 * agent, the router and the benchmarks can run on any machine.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SimulatedEngineApplication {

    public static void main(String[] args) {
        SpringApplication.run(SimulatedEngineApplication.class, args);
    }
}
