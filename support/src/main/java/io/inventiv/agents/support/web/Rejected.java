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

    /** Something that does not exist, or that the caller may not know exists: the same answer either way. */
    public static Rejected notFound(Object id) {
        return new Rejected("not-found", "Not found", 404, "nothing with id " + id + " exists", Map.of("id", String.valueOf(id)));
    }

    /** A field of the request that cannot be taken, with why. */
    public static Rejected invalidField(String field, String detail) {
        return new Rejected("invalid-request", "Invalid request", 400, detail,
                Map.of("errors", java.util.List.of(Map.of("field", field, "message", detail))));
    }

    public Rejection rejection() {
        return rejection;
    }
}
