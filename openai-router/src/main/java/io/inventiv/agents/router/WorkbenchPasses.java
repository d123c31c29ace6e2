package io.inventiv.agents.router;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pass the admin API gives a request it relays to the data plane for a user signed in with their
 * session cookie (the workbench): who, for which organization, until when, signed with a key that only
 * this process knows and that no one outside it can forge. A pass lives a few seconds: long enough for
 * the relay, too short to be worth stealing.
 */
final class WorkbenchPasses {

    static final String HEADER = "X-Inventiv-Workbench";
    private static final long LIFETIME_MILLIS = 30_000;

    private final byte[] key = new byte[32];
    private final Clock clock;

    WorkbenchPasses(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    String issue(UserId user, OrganizationId organization) {
        String claims = user.value() + "." + organization.value() + "." + (clock.millis() + LIFETIME_MILLIS);
        return claims + "." + sign(claims);
    }

    /** The client a pass stands for, or {@code null} when it is forged, malformed or out of date. */
    Client verify(String pass) {
        int cut = pass.lastIndexOf('.');
        if (cut <= 0 || pass.length() > 200) {
            return null;
        }
        String claims = pass.substring(0, cut);
        if (!MessageDigest.isEqual(sign(claims).getBytes(StandardCharsets.US_ASCII), pass.substring(cut + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        String[] parts = claims.split("\\.");
        if (parts.length != 3 || Long.parseLong(parts[2]) < clock.millis()) {
            return null;
        }
        return Client.workbench(new UserId(UUID.fromString(parts[0])), new OrganizationId(UUID.fromString(parts[1])));
    }

    private String sign(String claims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(claims.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
