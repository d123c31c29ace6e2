package io.inventiv.agents.support.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the platform keeps its data. Environment variables map onto these names:
 * {@code INVENTIV_DATA_DIR}, {@code INVENTIV_DB_URL}, {@code INVENTIV_DB_USER}, {@code INVENTIV_DB_PASSWORD}.
 */
@ConfigurationProperties("inventiv")
public record StorageProperties(Data data, Db db) {

    public StorageProperties {
        data = data == null ? new Data(null) : data;
        db = db == null ? new Db(null, null, null, 0) : db;
    }

    /** @param dir the data directory; the embedded database lives in its {@code postgres} folder */
    public record Data(Path dir) {
        public Data {
            dir = dir == null ? Path.of("data") : dir;
        }
    }

    /**
     * @param url      JDBC URL of an external PostgreSQL; when blank an embedded one is started
     * @param poolSize connections in the pool
     */
    public record Db(String url, String user, String password, int poolSize) {
        public Db {
            poolSize = poolSize <= 0 ? 40 : poolSize;
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }
}
