package io.inventiv.agents.router;

import io.inventiv.agents.api.apikey.ApiKeyId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The buckets every node shares, one row per key in PostgreSQL: a draw or a give-back locks the key's row, refills it by
 * the time passed on the database's clock (one clock for every node), and writes it back, in one transaction.
 */
final class DatabaseBuckets implements SharedBuckets {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DatabaseBuckets(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    private record Row(Integer rpm, double requests, Integer tpm, double tokens, Timestamp now) {}

    @Override
    public Draw draw(ApiKeyId key, Integer rpm, Integer tpm, double needRequests, double needTokens, double moreRequests,
                     double moreTokens, long nowNanos) {
        return transactions.execute(tx -> {
            Row row = refilled(key, rpm, tpm);
            Draw draw = SharedBuckets.decide(rpm, tpm, row.requests(), row.tokens(), needRequests, needTokens, moreRequests, moreTokens);
            store(key, rpm, tpm, draw.requestsLevel(), draw.tokensLevel(), row.now());
            return draw;
        });
    }

    @Override
    public void giveBack(ApiKeyId key, Integer rpm, Integer tpm, double requests, double tokens, long nowNanos) {
        transactions.executeWithoutResult(tx -> {
            Row row = refilled(key, rpm, tpm);
            store(key, rpm, tpm, rpm == null ? 0 : Math.min(rpm, row.requests() + requests),
                    tpm == null ? 0 : Math.min(tpm, row.tokens() + tokens), row.now());
        });
    }

    /** The key's row, locked, refilled up to now; a key met for the first time starts full. */
    private Row refilled(ApiKeyId key, Integer rpm, Integer tpm) {
        jdbc.update("insert into router.rate_limit_buckets (api_key_id, requests_per_minute, requests_level, tokens_per_minute, "
                        + "tokens_level, refilled_at) values (?, ?, ?, ?, ?, clock_timestamp()) on conflict (api_key_id) do nothing",
                key.value(), rpm, rpm == null ? 0.0 : rpm.doubleValue(), tpm, tpm == null ? 0.0 : tpm.doubleValue());
        return jdbc.queryForObject("select requests_per_minute, requests_level, tokens_per_minute, tokens_level, "
                + "extract(epoch from clock_timestamp() - refilled_at), clock_timestamp() "
                + "from router.rate_limit_buckets where api_key_id = ? for update", (rs, n) -> {
                    double seconds = rs.getDouble(5);
                    Integer rpmBefore = integer(rs, 1);
                    Integer tpmBefore = integer(rs, 3);
                    return new Row(rpm, SharedBuckets.refilled(SharedBuckets.rescaled(rs.getDouble(2), rpmBefore, rpm), rpm, seconds),
                            tpm, SharedBuckets.refilled(SharedBuckets.rescaled(rs.getDouble(4), tpmBefore, tpm), tpm, seconds),
                            rs.getTimestamp(6));
                }, key.value());
    }

    private void store(ApiKeyId key, Integer rpm, Integer tpm, double requests, double tokens, Timestamp at) {
        jdbc.update("update router.rate_limit_buckets set requests_per_minute = ?, requests_level = ?, tokens_per_minute = ?, "
                + "tokens_level = ?, refilled_at = greatest(refilled_at, ?) where api_key_id = ?", rpm, requests, tpm, tokens, at, key.value());
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
