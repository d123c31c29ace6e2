package io.inventiv.agents.support.web;

import io.inventiv.agents.api.common.Rejection;
import java.util.Map;

/** A command or request refused for a reason the caller can act on; becomes a problem+json response. */
public class Rejected extends RuntimeException {

    private final transient Rejection rejection;

    public Rejected(Rejection rejection) {
        super(rejection.detail());
        this.rejection = rejection;
    }

    public Rejected(String type, String title, int status, String detail, Map<String, Object> properties) {
        this(new Rejection(type, title, status, detail, properties));
    }

    public Rejection rejection() {
        return rejection;
    }
}
