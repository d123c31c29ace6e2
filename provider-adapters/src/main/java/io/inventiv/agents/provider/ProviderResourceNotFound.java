package io.inventiv.agents.provider;

/** The provider does not have (or no longer has) the resource. */
public class ProviderResourceNotFound extends ProviderException {

    public ProviderResourceNotFound(String resource, String id) {
        super("not_found", resource + " " + id + " is not found");
    }
}
