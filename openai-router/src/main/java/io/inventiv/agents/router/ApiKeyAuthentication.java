package io.inventiv.agents.router;

import io.inventiv.agents.support.security.SecretTokens;
import java.time.Clock;

/**
 * Recognises the caller of a request of the OpenAI-compatible API from memory, without the database: the
 * key its {@code Authorization: Bearer} header carries, or the workbench pass that this node's admin API
 * put on a request it relayed for a signed-in user.
 */
class ApiKeyAuthentication {

    private final RoutingTable table;
    private final WorkbenchPasses passes;
    private final Clock clock;

    ApiKeyAuthentication(RoutingTable table, WorkbenchPasses passes, Clock clock) {
        this.table = table;
        this.passes = passes;
        this.clock = clock;
    }

    /** @param authorization the {@code Authorization} header; @param pass the {@code X-Inventiv-Workbench} header */
    Client authenticate(String authorization, String pass) {
        if (authorization == null && pass != null) {
            Client client = passes.verify(pass);
            if (client != null) {
                return client;
            }
        }
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw OpenAiError.invalidApiKey("You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String secret = authorization.substring(7).trim();
        RoutingTable.Key key = table.keyByHash(SecretTokens.sha256Hex(secret)).orElse(null);
        if (key == null || !key.usableAt(clock.instant())) {
            throw OpenAiError.invalidApiKey("Incorrect API key provided: " + masked(secret) + ".");
        }
        return Client.of(key);
    }

    /** As OpenAI shows a wrong key: its first and last characters only. */
    private static String masked(String secret) {
        return secret.length() <= 12 ? "****" : secret.substring(0, 7) + "*".repeat(4) + secret.substring(secret.length() - 4);
    }
}
