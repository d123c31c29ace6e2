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

    /** The provider has no machine of that kind to give now (out of stock, quota reached): asking again soon will not help. */
    public boolean noCapacity() {
        return "out_of_stock".equals(type) || "quotas_exceeded".equals(type);
    }
}
