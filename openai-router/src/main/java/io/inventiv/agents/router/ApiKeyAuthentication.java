package io.inventiv.agents.router;

import io.inventiv.agents.support.security.SecretTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.HttpHeaders;

/** Recognises the key a request of the OpenAI-compatible API carries, from memory, without the database. */
class ApiKeyAuthentication {

    private final RoutingTable table;
    private final Clock clock;

    ApiKeyAuthentication(RoutingTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    RoutingTable.Key authenticate(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw OpenAiError.invalidApiKey("You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String secret = header.substring(7).trim();
        return table.keyByHash(SecretTokens.sha256Hex(secret)).filter(key -> key.usableAt(clock.instant()))
                .orElseThrow(() -> OpenAiError.invalidApiKey("Incorrect API key provided: " + masked(secret) + "."));
    }

    /** As OpenAI shows a wrong key: its first and last characters only. */
    private static String masked(String secret) {
        return secret.length() <= 12 ? "****" : secret.substring(0, 7) + "*".repeat(4) + secret.substring(secret.length() - 4);
    }
}
