package io.inventiv.agents.worker.engine;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated engine's settings, named after the {@code vllm serve} flags they stand for.
 *
 * @param port               HTTP port ({@code --port}); 0 picks a free one
 * @param host               address to bind ({@code --host}); unset binds all interfaces
 * @param model              the model "loaded" ({@code vllm serve <model>}), shown as {@code root} in /v1/models
 * @param servedModelName    names the engine answers to ({@code --served-model-name}); the first is used in
 *                           responses and in the {@code model_name} metric label; defaults to {@code model}
 * @param maxModelLen        context length in tokens ({@code --max-model-len})
 * @param loadTime           time from start until the port is bound, standing for weight loading and warm-up
 * @param timeToFirstToken   prefill time of a scheduled sequence
 * @param tokensPerSecond    decode speed of one sequence
 * @param maxNumSeqs         sequences in the running batch ({@code --max-num-seqs}); more requests queue
 * @param apiKey             when set, {@code /v1/*} needs {@code Authorization: Bearer <key>} ({@code --api-key})
 * @param embeddingDimension length of the vectors {@code /v1/embeddings} returns
 */
@ConfigurationProperties("inventiv.engine")
public record EngineProperties(
        @DefaultValue("8000") int port,
        String host,
        @DefaultValue("inventiv/simulated-llm") String model,
        List<String> servedModelName,
        @DefaultValue("8192") int maxModelLen,
        @DefaultValue("5s") Duration loadTime,
        @DefaultValue("150ms") Duration timeToFirstToken,
        @DefaultValue("50") double tokensPerSecond,
        @DefaultValue("256") int maxNumSeqs,
        String apiKey,
        @DefaultValue("384") int embeddingDimension) {

    public EngineProperties {
        servedModelName = servedModelName == null || servedModelName.isEmpty()
                ? List.of(model)
                : List.copyOf(servedModelName);
        if (maxModelLen < 1) {
            throw new IllegalArgumentException("inventiv.engine.max-model-len must be at least 1");
        }
        if (loadTime.isNegative()) {
            throw new IllegalArgumentException("inventiv.engine.load-time must not be negative");
        }
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    boolean hasHost() {
        return host != null && !host.isBlank();
    }
}
