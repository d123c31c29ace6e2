package io.inventiv.agents.api.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The most a key or an organization may spend on tokens, in EUR, per UTC day, per UTC month or in total.
 */
public record Budget(BigDecimal amountEur, Period period) {

    public enum Period {
        DAY, MONTH, TOTAL;

        /** The period an instant falls in, as a key that sorts in time order. */
        public long of(Instant at) {
            ZonedDateTime time = at.atZone(ZoneOffset.UTC);
            return switch (this) {
                case DAY -> time.toLocalDate().toEpochDay();
                case MONTH -> time.getYear() * 12L + time.getMonthValue() - 1;
                case TOTAL -> 0;
            };
        }
    }

    public Budget {
        if (amountEur == null || amountEur.signum() < 0) {
            throw new IllegalArgumentException("a budget is an amount of EUR of 0 or more");
        }
        period = period == null ? Period.TOTAL : period;
    }
}
