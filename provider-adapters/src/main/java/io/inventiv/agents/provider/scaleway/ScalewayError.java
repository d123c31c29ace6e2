package io.inventiv.agents.provider.scaleway;

import io.inventiv.agents.provider.ProviderException;
import java.time.Duration;

/**
 * An error answer of the Scaleway API, by its {@code type}. {@code retryAfter} is set when trying the same
 * call again later may succeed (429, 5xx, a resource in a transient state, no answer at all).
 */
class ScalewayError extends ProviderException {

    private final int status;
    private final transient Duration retryAfter;

    ScalewayError(int status, String type, String message, Duration retryAfter) {
        super(type, message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    boolean retryable() {
        return retryAfter != null;
    }

    /** How long the API asked to wait ({@link Duration#ZERO}: it did not say). */
    Duration retryAfter() {
        return retryAfter;
    }
}
