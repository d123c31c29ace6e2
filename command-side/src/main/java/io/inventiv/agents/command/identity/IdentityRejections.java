package io.inventiv.agents.command.identity;

import io.inventiv.agents.support.web.Rejected;
import java.util.Map;

/** The refusals of users, organizations and sessions, each one a problem a client can act on. */
final class IdentityRejections {

    private IdentityRejections() {}

    static Rejected notFound(String kind, Object id) {
        return new Rejected("not-found", "Not found", 404, "no " + kind + " with id " + id + " exists", Map.of("id", String.valueOf(id)));
    }

    static Rejected taken(String field, String value) {
        return new Rejected("already-exists", "Already taken", 409, "the " + field + " '" + value + "' is already taken",
                Map.of("field", field));
    }

    static Rejected conflict(String type, String title, String detail) {
        return new Rejected(type, title, 409, detail, Map.of());
    }

    static Rejected invalid(String field, String detail) {
        return new Rejected("invalid-request", "Invalid request", 400, detail, Map.of("errors", java.util.List.of(
                Map.of("field", field, "message", detail))));
    }
}
