package io.inventiv.agents.query.action;

import io.inventiv.agents.query.Page;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads of the action log: the latest entries, a filtered search with counts, and the kinds of entries. */
@RestController
class ActionLogController {

    private final Rows rows;

    ActionLogController(JdbcTemplate jdbc) {
        this.rows = new Rows(jdbc);
    }

    record Filter(Caller caller, UUID organizationId, UUID instanceId, List<String> actionTypes, String component, String actor,
                  String status, String q, Instant from, Instant to) {

        String where(List<Object> args) {
            StringBuilder where = new StringBuilder(" where true");
            where.append(Visibility.condition(caller, organizationId, "organization_id", args));
            if (instanceId != null) {
                where.append(" and instance_id = ?");
                args.add(instanceId);
            }
            if (actionTypes != null && !actionTypes.isEmpty()) {
                where.append(" and action_type = any(?)");
                args.add(actionTypes.stream().map(String::toUpperCase).toArray(String[]::new));
            }
            if (component != null) {
                where.append(" and component = ?");
                args.add(component);
            }
            if (actor != null) {
                where.append(" and actor = ?");
                args.add(actor);
            }
            if (status != null) {
                where.append(" and status = ?");
                args.add(status);
            }
            if (q != null && !q.isBlank()) {
                where.append(" and (reason ilike ? or metadata::text ilike ? or subject_id ilike ?)");
                String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                args.addAll(List.of(like, like, like));
            }
            if (from != null) {
                where.append(" and created_at >= ?");
                args.add(java.sql.Timestamp.from(from));
            }
            if (to != null) {
                where.append(" and created_at < ?");
                args.add(java.sql.Timestamp.from(to));
            }
            return where.toString();
        }
    }

    @GetMapping("/action_logs")
    List<Map<String, Object>> latest(@AuthenticationPrincipal Caller caller,
                                     @RequestParam(name = "organization_id", required = false) UUID organizationId,
                                     @RequestParam(name = "instance_id", required = false) UUID instanceId,
                                     @RequestParam(name = "action_type", required = false) List<String> actionTypes,
                                     @RequestParam(required = false) String component,
                                     @RequestParam(defaultValue = "100") @Min(1) @Max(Page.MAX_SIZE) int limit) {
        List<Object> args = new ArrayList<>();
        String where = new Filter(caller, organizationId, instanceId, actionTypes, component, null, null, null, null, null).where(args);
        args.add(limit);
        return rows.list("select * from action_logs" + where + " order by global_index desc limit ?", args.toArray());
    }

    @GetMapping("/action_logs/search")
    Map<String, Object> search(@AuthenticationPrincipal Caller caller,
                               @RequestParam(name = "organization_id", required = false) UUID organizationId,
                               @RequestParam(name = "instance_id", required = false) UUID instanceId,
                               @RequestParam(name = "action_type", required = false) List<String> actionTypes,
                               @RequestParam(required = false) String component,
                               @RequestParam(required = false) String actor,
                               @RequestParam(required = false) String status,
                               @RequestParam(required = false) String q,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                               @RequestParam(defaultValue = "0") @Min(0) int page,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size,
                               @RequestParam(required = false) @Min(0) Long before) {
        List<Object> args = new ArrayList<>();
        String where = new Filter(caller, organizationId, instanceId, actionTypes, component, actor, status, q, from, to).where(args);
        Map<String, Object> out = new LinkedHashMap<>();
        if (before != null) {
            // the next entries after those already read (a log scrolled through while it grows): written before the cursor the
            // previous answer gave, found by the index whatever the log's size; the filter's total and counts came with the first ones
            if (page != 0) {
                throw new IllegalArgumentException("before and page cannot be given together: before already says where the page starts");
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(before);
            pageArgs.add(size);
            withCursor(out, rows.list("select * from action_logs" + where + " and seq < ? order by seq desc limit ?", pageArgs.toArray()), size);
            out.put("size", size);
            out.put("before", before);
            return out;
        }
        long total = rows.count("select count(*) from action_logs" + where, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        withCursor(out, rows.list("select * from action_logs" + where + " order by seq desc limit ? offset ?", pageArgs.toArray()), size);
        out.put("page", page);
        out.put("size", size);
        out.put("total", total);
        out.put("counts", Map.of(
                "by_action_type", counts("action_type", where, args),
                "by_component", counts("component", where, args),
                "by_status", counts("status", where, args)));
        return out;
    }

    /**
     * The entries, and where the next ones start ({@code next_before}, none after the last): the order entries were written
     * in, a position of this node's table rather than a fact of the log, so it is given as a cursor and not with each entry.
     */
    private static void withCursor(Map<String, Object> out, List<Map<String, Object>> items, int size) {
        Object last = items.isEmpty() ? null : items.get(items.size() - 1).get("seq");
        items.forEach(item -> item.remove("seq"));
        out.put("items", items);
        out.put("next_before", items.size() < size ? null : last);
    }

    @GetMapping("/action_types")
    List<Map<String, Object>> actionTypes() {
        return Arrays.stream(ActionType.values()).map(ActionType::describe).toList();
    }

    private Map<String, Object> counts(String column, String where, List<Object> args) {
        Map<String, Object> counts = new LinkedHashMap<>();
        rows.list("select " + column + " as k, count(*) as n from action_logs" + where + " group by " + column + " order by n desc, k",
                args.toArray()).forEach(r -> counts.put(String.valueOf(r.get("k")), r.get("n")));
        return counts;
    }
}
