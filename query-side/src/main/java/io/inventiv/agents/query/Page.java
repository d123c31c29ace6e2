package io.inventiv.agents.query;

import java.util.List;
import java.util.Map;

/** One page of a list, with the total that matches the filters. */
public record Page(List<Map<String, Object>> items, int page, int size, long total) {

    public static final int MAX_SIZE = 500;
}
