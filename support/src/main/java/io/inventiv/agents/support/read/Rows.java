package io.inventiv.agents.support.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rows of a read model as JSON-ready maps: arrays become lists, json columns become objects, times become instants. */
public final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public Rows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> list(String sql, Object... args) {
        return jdbc.queryForList(sql, args).stream().map(Rows::plain).toList();
    }

    public long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static Map<String, Object> plain(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(Object value) {
        try {
            if (value instanceof Array array) {
                return Arrays.asList((Object[]) array.getArray());
            }
            if (value instanceof PGobject json && json.getValue() != null && json.getType().startsWith("json")) {
                return JSON.readValue(json.getValue(), Object.class);
            }
            if (value instanceof Timestamp ts) {
                return ts.toInstant();
            }
            return value;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read a column of a read model", e);
        }
    }
}
