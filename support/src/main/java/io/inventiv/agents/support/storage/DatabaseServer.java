package io.inventiv.agents.support.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL the platform talks to: the configured one, or an embedded one in the data directory. */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgresServer embedded;

    private DatabaseServer(String jdbcUrl, String user, String password, EmbeddedPostgresServer embedded) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static DatabaseServer from(StorageProperties properties) {
        StorageProperties.Db db = properties.db();
        if (db.external()) {
            log.info("Using PostgreSQL at {}", withoutParameters(db.url()));
            return new DatabaseServer(db.url(), db.user(), db.password(), null);
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties.data().dir().resolve("postgres"));
        return new DatabaseServer(server.jdbcUrl("postgres"), "postgres", "", server);
    }

    /** A JDBC URL's parameters may carry a password: never log them. */
    public static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
