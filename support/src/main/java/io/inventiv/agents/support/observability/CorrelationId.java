package io.inventiv.agents.support.observability;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The id that ties together what one request caused. An admin API request takes the caller's {@code X-Request-Id} when it
 * is sane, or a new one. The id is in the log context (SLF4J's MDC) under {@link #KEY} while the request, or a message it
 * caused, is handled, and in the metadata of every command and event it caused, under the same key.
 */
public final class CorrelationId {

    /** The key in the log context and in the messages' metadata. */
    public static final String KEY = "correlation_id";
    /** The request header a caller may choose the id with, and the response header that gives it back. */
    public static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 64;
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]+");

    /** Restores the log context as it was before {@link #inLogContext}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private CorrelationId() {}

    /** The caller's id when it is sane (1 to 64 of {@code A-Z a-z 0-9 . _ : -}); a new one when it is absent or not. */
    public static String of(String requested) {
        if (requested != null && !requested.isEmpty() && requested.length() <= MAX_LENGTH && SANE.matcher(requested).matches()) {
            return requested;
        }
        return UUID.randomUUID().toString();
    }

    /** The id of the request or message being handled on this thread, or null. */
    public static String current() {
        return MDC.get(KEY);
    }

    /**
     * Puts the id in this thread's log context until the scope is closed, which puts back what was there: a command handled
     * on the thread of the request that sent it leaves the request's id in place.
     */
    public static Scope inLogContext(String id) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, id);
        return () -> {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        };
    }
}
