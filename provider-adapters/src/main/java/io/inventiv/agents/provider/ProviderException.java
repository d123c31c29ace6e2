package io.inventiv.agents.provider;

/** A provider refused or failed a request. {@code type} is the provider's own error kind. */
public class ProviderException extends RuntimeException {

    private final String type;

    public ProviderException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
