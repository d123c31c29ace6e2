package io.inventiv.agents.finops;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rounding rule of FinOps figures. Amounts are {@link BigDecimal}, never floating point; they are
 * summed exactly (a machine's cost as hourly price × seconds, kept undivided) and divided and rounded
 * once, when shown: to 9 decimal places (nano-euros), half to even. A shown total is therefore the exact
 * total rounded, not the sum of shown parts, which may differ from it by a few nano-euros.
 */
public final class Money {

    public static final int SCALE = 9;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Money() {}

    /** What {@code hourlyEurSeconds} (Σ hourly price × seconds) comes to in euros, rounded once. */
    public static BigDecimal ofHourlySeconds(BigDecimal hourlyEurSeconds) {
        return hourlyEurSeconds == null ? BigDecimal.ZERO.setScale(SCALE) : hourlyEurSeconds.divide(SECONDS_PER_HOUR, SCALE, ROUNDING);
    }

    /** An hourly rate over a number of minutes, rounded once. */
    public static BigDecimal overMinutes(BigDecimal hourlyEur, long minutes) {
        return hourlyEur.multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(60), SCALE, ROUNDING);
    }

    /** An amount as the API shows it: a plain decimal string with the rounding applied, trailing zeros dropped. */
    public static String text(BigDecimal amount) {
        BigDecimal shown = amount.setScale(SCALE, ROUNDING).stripTrailingZeros();
        return shown.signum() == 0 ? "0" : shown.toPlainString();
    }
}
