package io.inventiv.agents.support.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for a test: on the server named by {@code INVENTIV_TEST_DB_URL} (a JDBC
 * URL of a database the user may create databases from, with {@code INVENTIV_TEST_DB_USER} and
 * {@code INVENTIV_TEST_DB_PASSWORD}), or else on one embedded PostgreSQL shared by the whole JVM.
 * Every database made here is dropped when the JVM ends.
 */
public final class TestDatabase {

    private static final Object LOCK = new Object();
    private static final List<String> CREATED = new ArrayList<>();
    private static Server server;

    public record Connection(String url, String user, String password) {}

    private record Server(String adminUrl, String user, String password, EmbeddedPostgresServer embedded) {}

    private TestDatabase() {}

    /** Creates an empty database and returns how to reach it. */
    public static Connection create() {
        Server s = server();
        String name = "inventiv_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(s, "create database " + name);
        synchronized (LOCK) {
            CREATED.add(name);
        }
        return new Connection(replaceDatabase(s.adminUrl(), name), s.user(), s.password());
    }

    private static Server server() {
        synchronized (LOCK) {
            if (server == null) {
                server = startServer();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "test-database-cleanup"));
            }
            return server;
        }
    }

    private static Server startServer() {
        String external = System.getenv("INVENTIV_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return new Server(external, System.getenv("INVENTIV_TEST_DB_USER"), System.getenv("INVENTIV_TEST_DB_PASSWORD"), null);
        }
        try {
            Path dir = Files.createTempDirectory("inventiv-test-pg");
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dir.resolve("postgres"));
            return new Server(embedded.jdbcUrl("postgres"), "postgres", "", embedded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dropAll() {
        synchronized (LOCK) {
            for (String name : CREATED) {
                try {
                    execute(server, "drop database if exists " + name + " with (force)");
                } catch (RuntimeException e) {
                    System.err.println("could not drop test database " + name + ": " + e.getMessage());
                }
            }
            if (server.embedded() != null) {
                server.embedded().close();
            }
        }
    }

    private static void execute(Server s, String sql) {
        try (java.sql.Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on the test PostgreSQL", e);
        }
    }

    private static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
