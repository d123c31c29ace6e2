package io.inventiv.agents.finops.chargeback;

import io.inventiv.agents.finops.Money;
import io.inventiv.agents.finops.chargeback.Statements.Line;
import io.inventiv.agents.finops.chargeback.Statements.Statement;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Statements as the API shows them: JSON objects, or CSV with one row per line. Prices and amounts are exact decimal strings. */
final class StatementViews {

    static final String CSV_HEADER = "provider_organization_id,consumer_organization_id,from,to,model_service_id,model_service,share_id,"
            + "prompt_price_per_1k_eur,completion_price_per_1k_eur,requests,prompt_tokens,completion_tokens,amount_eur\r\n";

    private StatementViews() {}

    static Map<String, Object> json(Statement s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider_organization_id", s.providerOrganizationId());
        out.put("consumer_organization_id", s.consumerOrganizationId());
        out.put("from", s.from());
        out.put("to", s.to());
        out.put("as_of", s.asOf());
        out.put("requests", s.requests());
        out.put("prompt_tokens", s.promptTokens());
        out.put("completion_tokens", s.completionTokens());
        out.put("amount_eur", Money.text(s.amountEur()));
        out.put("lines", s.lines().stream().map(StatementViews::json).toList());
        return out;
    }

    static Map<String, Object> json(Line l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_service_id", l.modelServiceId());
        out.put("model_service", l.modelServiceName());
        out.put("share_id", l.shareId());
        out.put("prompt_price_per_1k_eur", price(l.promptPricePer1k()));
        out.put("completion_price_per_1k_eur", price(l.completionPricePer1k()));
        out.put("requests", l.requests());
        out.put("prompt_tokens", l.promptTokens());
        out.put("completion_tokens", l.completionTokens());
        out.put("amount_eur", Money.text(l.amountEur()));
        return out;
    }

    static String csv(List<Statement> statements) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        for (Statement s : statements) {
            for (Line l : s.lines()) {
                out.append(cells(s.providerOrganizationId(), s.consumerOrganizationId(), s.from(), s.to(), l.modelServiceId(), l.modelServiceName(),
                        l.shareId() == null ? "" : l.shareId(), price(l.promptPricePer1k()), price(l.completionPricePer1k()), l.requests(),
                        l.promptTokens(), l.completionTokens(), Money.text(l.amountEur())));
            }
        }
        return out.toString();
    }

    static String price(BigDecimal price) {
        BigDecimal plain = price.stripTrailingZeros();
        return plain.signum() == 0 ? "0" : plain.toPlainString();
    }

    /** One CSV row (RFC 4180): a cell holding a comma, a quote or a line break is quoted, its quotes doubled. */
    private static String cells(Object... values) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String text = String.valueOf(values[i]);
            if (text.matches("(?s).*[\",\r\n].*")) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            row.append(i == 0 ? "" : ",").append(text);
        }
        return row.append("\r\n").toString();
    }
}
