package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.util.List;

/** What a price per 1 000 tokens may be, for a model service and for a share of one. */
public final class TokenPrices {

    static final BigDecimal MOST_PER_1K = new BigDecimal("1000");

    private TokenPrices() {}

    public static TokenPrice requireValid(TokenPrice price) {
        for (BigDecimal value : List.of(price.promptPer1k(), price.completionPer1k())) {
            if (value.signum() < 0 || value.compareTo(MOST_PER_1K) > 0 || value.stripTrailingZeros().scale() > 6) {
                throw Rejected.invalidField("price", "a price per 1 000 tokens is 0 to " + MOST_PER_1K + " EUR, with at most 6 decimals");
            }
        }
        return price;
    }
}
