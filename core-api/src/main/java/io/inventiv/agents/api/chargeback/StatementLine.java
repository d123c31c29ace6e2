package io.inventiv.agents.api.chargeback;

import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.api.usage.UsageRecorded;
import java.math.BigDecimal;

/**
 * Tokens of one model service used at one price over a statement's period, and what they cost.
 *
 * @param shareId   the share they were used through; {@code null}: at the service's own price
 * @param amountEur exactly {@code promptTokens × prompt price / 1000 + completionTokens × completion price / 1000}
 */
public record StatementLine(ModelServiceId modelServiceId, String modelServiceName, ShareId shareId, TokenPrice price, long requests,
                            long promptTokens, long completionTokens, BigDecimal amountEur) {

    /** Whether the amount is what the tokens cost at the price. */
    public boolean adds() {
        return amountEur != null && amountEur.compareTo(UsageRecorded.cost(promptTokens, completionTokens, price)) == 0;
    }
}
