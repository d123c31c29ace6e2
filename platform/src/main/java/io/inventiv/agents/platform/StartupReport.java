package io.inventiv.agents.platform;

import io.inventiv.agents.router.DataPlane;
import io.inventiv.agents.support.storage.DatabaseServer;
import io.inventiv.agents.support.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the platform where to find it. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final ObjectProvider<DatabaseServer> database;
    private final StorageProperties storage;
    private final ObjectProvider<DataPlane> dataPlane;

    StartupReport(ObjectProvider<DatabaseServer> database, StorageProperties storage, ObjectProvider<DataPlane> dataPlane) {
        this.database = database;
        this.storage = storage;
        this.dataPlane = dataPlane;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : 8080;
        String base = "http://localhost:" + port;
        DataPlane router = dataPlane.getIfAvailable();
        String plane = router == null ? "(not started)" : "http://localhost:" + router.port();
        DatabaseServer db = database.getIfAvailable();
        String data = db != null && db.isEmbedded()
                ? "embedded PostgreSQL in " + storage.data().dir().toAbsolutePath().normalize().resolve("postgres")
                : "PostgreSQL at " + (db == null ? "the configured data source" : DatabaseServer.withoutParameters(db.jdbcUrl()));
        log.info("""

                ==================================================================
                 Inventiv Agents is up
                   Console          {}/console/
                   Admin API docs   {}/swagger-ui/index.html  (OpenAPI: {}/v3/api-docs)
                   OpenAI API       {}/v1  (API keys: POST /api_keys)
                   Data plane       {}/v1  (the OpenAI API's own port, for heavy traffic)
                   Event stream     {}/events/stream
                   Data             {}
                ==================================================================""", base, base, base, base, plane, base, data);
    }
}
