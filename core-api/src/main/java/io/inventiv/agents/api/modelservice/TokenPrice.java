package io.inventiv.agents.api.modelservice;

import java.math.BigDecimal;

/** What a model service charges, in EUR per 1 000 prompt tokens and per 1 000 completion tokens. */
public record TokenPrice(BigDecimal promptPer1k, BigDecimal completionPer1k) {

    public static final TokenPrice FREE = new TokenPrice(BigDecimal.ZERO, BigDecimal.ZERO);

    public TokenPrice {
        promptPer1k = promptPer1k == null ? BigDecimal.ZERO : promptPer1k;
        completionPer1k = completionPer1k == null ? BigDecimal.ZERO : completionPer1k;
    }

    public boolean sameAs(TokenPrice other) {
        return promptPer1k.compareTo(other.promptPer1k) == 0 && completionPer1k.compareTo(other.completionPer1k) == 0;
    }
}
