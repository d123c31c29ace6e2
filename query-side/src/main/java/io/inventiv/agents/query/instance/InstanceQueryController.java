package io.inventiv.agents.query.instance;

import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.query.NotFound;
import io.inventiv.agents.query.Page;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads of instances: filtered pages, and one instance with its history. */
@RestController
class InstanceQueryController {

    private final Rows rows;

    InstanceQueryController(JdbcTemplate jdbc) {
        this.rows = new Rows(jdbc);
    }

    @GetMapping("/instances")
    Page instances(@AuthenticationPrincipal Caller caller,
                   @RequestParam(required = false) List<InstanceState> status,
                   @RequestParam(required = false, defaultValue = "false") boolean archived,
                   @RequestParam(name = "model_id", required = false) String modelId,
                   @RequestParam(name = "zone_id", required = false) UUID zoneId,
                   @RequestParam(name = "organization_id", required = false) UUID organizationId,
                   @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                   @RequestParam(defaultValue = "0") @Min(0) int page,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        if (asOf != null) {
            return fleetAsOf(caller, asOf, status, modelId, zoneId, organizationId, page, size);
        }
        StringBuilder where = new StringBuilder(" where archived = ?");
        List<Object> args = new ArrayList<>(List.of(archived));
        where.append(Visibility.condition(caller, organizationId, "organization_id", args));
        String[] statuses = status == null ? new String[0] : status.stream().filter(Objects::nonNull).map(Enum::name).toArray(String[]::new);
        if (statuses.length > 0) {
            where.append(" and status = any(?)");
            args.add(statuses);
        }
        if (modelId != null) {
            where.append(" and model_id = ?");
            args.add(modelId);
        }
        if (zoneId != null) {
            where.append(" and zone_id = ?");
            args.add(zoneId);
        }
        long total = rows.count("select count(*) from instances" + where, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<Map<String, Object>> items = rows.list("select * from instances" + where
                + " order by created_at desc, id limit ? offset ?", pageArgs.toArray());
        return new Page(items, page, size, total);
    }

    /**
     * The fleet as it stood at a time: the instances asked for by then, each in the status its history
     * had reached then (archived ones included: archiving only hides). Only what was known then is shown:
     * what an instance is (model, type, zone, owner) and where its life stood.
     */
    private Page fleetAsOf(Caller caller, Instant asOf, List<InstanceState> status, String modelId, UUID zoneId, UUID organizationId,
                           int page, int size) {
        Timestamp at = Timestamp.from(asOf);
        List<Object> args = new ArrayList<>(List.of(at, at));
        StringBuilder where = new StringBuilder(" where i.created_at <= ?");
        where.append(Visibility.condition(caller, organizationId, "i.organization_id", args));
        String[] statuses = status == null ? new String[0] : status.stream().filter(Objects::nonNull).map(Enum::name).toArray(String[]::new);
        if (statuses.length > 0) {
            where.append(" and h.to_status = any(?)");
            args.add(statuses);
        }
        if (modelId != null) {
            where.append(" and i.model_id = ?");
            args.add(modelId);
        }
        if (zoneId != null) {
            where.append(" and i.zone_id = ?");
            args.add(zoneId);
        }
        String from = " from instances i join lateral (select to_status, progress, reason, at from instance_history where instance_id = i.id "
                + "and at <= ? order by sequence desc limit 1) h on true";
        long total = rows.count("select count(*)" + from + where, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<Map<String, Object>> items = rows.list("select i.id, i.model_id, i.instance_type_id, i.instance_type_code, i.zone_id, i.zone_code, "
                + "i.provider_id, i.provider_code, i.data_volume_gb, i.organization_id, i.requested_by, i.created_at, h.to_status as status, "
                + "h.progress, h.reason as last_reason, h.at as status_since" + from + where + " order by i.created_at desc, i.id limit ? offset ?",
                pageArgs.toArray());
        return new Page(items, page, size, total);
    }

    @GetMapping("/instances/{id}")
    Map<String, Object> instance(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        List<Object> args = new ArrayList<>(List.of(id));
        String visible = Visibility.condition(caller, null, "organization_id", args);
        Map<String, Object> instance = rows.list("select * from instances where id = ?" + visible, args.toArray()).stream().findFirst()
                .orElseThrow(() -> new NotFound("instance", id));
        Map<String, Object> out = new LinkedHashMap<>(instance);
        out.put("history", rows.list("select event_type, to_status as status, progress, reason, actor, actor_name, at from instance_history "
                + "where instance_id = ? order by sequence", id));
        return out;
    }
}
