package io.inventiv.agents.support.read;

import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The periods and points in time that reads are asked about, checked once for every read side. */
public final class Periods {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /** A period asked about, and the time of the books it is read from. */
    public record Period(Instant from, Instant to, Instant asOf) {}

    private Periods() {}

    /**
     * The period from {@code from} (default: {@code length} before its end) to {@code to} (default: the time of the books), read as
     * the books stood at {@code asOf} (default: now); refused out of range.
     */
    public static Period of(Instant from, Instant to, Instant asOf, Clock clock, Duration length) {
        Instant at = asOf(asOf, clock);
        Instant end = to == null ? at : to;
        return new Period(start(from, end, length), end, at);
    }

    /** The time the books are read as of: {@code asOf}, or now; refused out of range. */
    public static Instant asOf(Instant asOf, Clock clock) {
        Instant at = asOf == null ? clock.instant() : asOf;
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalid("as_of", "as_of is between " + EARLIEST + " and " + LATEST);
        }
        return at;
    }

    /** A period's start: {@code from}, or {@code length} before its end; refused unless it comes before the end, both in range. */
    public static Instant start(Instant from, Instant end, Duration length) {
        Instant start = from == null ? end.minus(length) : from;
        if (start.isBefore(EARLIEST) || end.isAfter(LATEST) || !start.isBefore(end)) {
            throw invalid("from", "from must be before to, both between " + EARLIEST + " and " + LATEST);
        }
        return start;
    }

    public static Rejected invalid(String parameter, String detail) {
        return new Rejected("invalid-parameter", "Invalid parameter", 400, detail, Map.of("parameter", parameter));
    }
}
