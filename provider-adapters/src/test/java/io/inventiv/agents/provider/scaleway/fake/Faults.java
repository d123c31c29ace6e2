package io.inventiv.agents.provider.scaleway.fake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Injected failures: the next matching calls (or all of them) answer an error instead of the real thing. */
final class Faults {

    static final int FOREVER = -1;

    record Fault(int status, String type, Integer retryAfterSeconds, boolean afterApplying) {

        /** A {@code null} type answers a non-JSON body, as a gateway in trouble does. */
        ApiResponse response() {
            ApiResponse response = type == null
                    ? ApiResponse.text(status, status + " " + reason())
                    : ApiResponse.json(status, ApiError.body(type, reason()));
            return retryAfterSeconds == null ? response : response.withHeader("Retry-After", retryAfterSeconds.toString());
        }

        private String reason() {
            return switch (status) {
                case 409 -> "resource is in a transient state";
                case 429 -> "too many requests";
                case 500 -> "internal server error";
                case 502 -> "bad gateway";
                case 503 -> "service unavailable";
                case 504 -> "gateway timeout";
                default -> "injected failure";
            };
        }
    }

    private static final class Rule {
        final String method;
        final Pattern path;
        final Fault fault;
        int remaining;

        Rule(String method, Pattern path, Fault fault, int remaining) {
            this.method = method;
            this.path = path;
            this.fault = fault;
            this.remaining = remaining;
        }

        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals("*") || method.equalsIgnoreCase(requestMethod))
                    && path.matcher(requestPath).find();
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(String method, String pathRegex, int times, Fault fault) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), fault, times));
    }

    /** Consumes one use of the first rule matching this call. */
    synchronized Optional<Fault> take(String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.matches(method, path)) {
                if (rule.remaining != FOREVER && --rule.remaining == 0) {
                    it.remove();
                }
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    synchronized void clear() {
        rules.clear();
    }
}
