package io.inventiv.agents.support.storage;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One SQL statement that an event handler runs once per event, sent to the database as one JDBC batch
 * when the unit of work handling the events commits: a tracking processor's batch of events costs one
 * round trip per statement, not one per event. Outside of a unit of work each call runs at once.
 */
public final class BatchedUpdates {

    private final JdbcTemplate jdbc;
    private final String sql;
    private final String resourceKey = BatchedUpdates.class.getName() + "@" + System.identityHashCode(this);

    public BatchedUpdates(JdbcTemplate jdbc, String sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public void add(Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Object[]> rows = unitOfWork.getOrComputeResource(resourceKey, key -> {
            List<Object[]> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(pending));
            return pending;
        });
        rows.add(args);
    }

    private void flush(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
            rows.clear();
        }
    }
}
