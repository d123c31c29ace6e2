package io.inventiv.agents.provider;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The providers this platform can drive, by catalog code. */
public class CloudProviders {

    private final Map<String, CloudProvider> byCode;

    public CloudProviders(List<CloudProvider> providers) {
        this.byCode = providers.stream().collect(Collectors.toUnmodifiableMap(CloudProvider::code, Function.identity()));
    }

    /** @throws ProviderException when no adapter is configured for that code */
    public CloudProvider get(String code) {
        CloudProvider provider = byCode.get(code);
        if (provider == null) {
            throw new ProviderException("unknown_provider", "no adapter is configured for provider '" + code + "'");
        }
        return provider;
    }

    public java.util.Collection<CloudProvider> all() {
        return byCode.values();
    }
}
