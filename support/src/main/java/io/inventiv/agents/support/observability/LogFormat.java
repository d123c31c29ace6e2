package io.inventiv.agents.support.observability;

import java.util.Locale;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * How the platform writes its log to stdout, chosen with {@code INVENTIV_LOG_FORMAT}: {@code text} (the default, also
 * when empty), lines for a person, or {@code json}, one JSON object a line in the Elastic Common Schema (Spring Boot's
 * structured logging), with the log context ({@code correlation_id}) as fields of its own. A text line is as it always
 * was, with the correlation id before the logger's name when there is one.
 */
public final class LogFormat {

    private static final String PROPERTY = "inventiv.log.format";

    private LogFormat() {}

    /** The logging settings the chosen format stands for, as defaults that Spring Boot's own settings may still override. */
    public static Map<String, Object> settings(Environment environment) {
        String format = environment.getProperty(PROPERTY, "").strip().toLowerCase(Locale.ROOT);
        return switch (format) {
            // "[<id>] " before the logger's name, and nothing at all on a line logged outside of any request or message
            case "", "text" -> Map.of("logging.pattern.correlation", "%replace([%X{" + CorrelationId.KEY + "}] ){'\\[\\] ', ''}");
            case "json" -> Map.of("logging.structured.format.console", "ecs");
            default -> throw new IllegalArgumentException("INVENTIV_LOG_FORMAT must be text or json, not '" + format + "'");
        };
    }
}
