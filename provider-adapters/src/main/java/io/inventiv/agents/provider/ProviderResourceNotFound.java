package io.inventiv.agents.provider;

/** The provider does not have (or no longer has) the resource. */
public class ProviderResourceNotFound extends ProviderException {

    private final String resource;

    public ProviderResourceNotFound(String resource, String id) {
        super("not_found", resource + " " + id + " is not found");
        this.resource = resource;
    }

    /** The kind of resource: {@code server} or {@code volume}. */
    public String resource() {
        return resource;
    }
}
