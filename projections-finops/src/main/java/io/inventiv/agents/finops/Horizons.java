package io.inventiv.agents.finops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The horizons FinOps forecasts over, by name, in minutes: a minute, an hour, a day, 30 and 365 days. */
public final class Horizons {

    public static final Map<String, Long> MINUTES;

    static {
        Map<String, Long> horizons = new LinkedHashMap<>();
        horizons.put("minute", 1L);
        horizons.put("hour", 60L);
        horizons.put("day", 1_440L);
        horizons.put("30d", 43_200L);
        horizons.put("365d", 525_600L);
        MINUTES = Collections.unmodifiableMap(horizons);
    }

    private Horizons() {}
}
