package io.inventiv.agents.finops;

import io.inventiv.agents.support.storage.TestDatabaseInitializer;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The FinOps read side on a PostgreSQL database of its own, one Spring context shared by every test of the module. */
@SpringBootTest(classes = FinopsDatabaseTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class FinopsDatabaseTest {

    @SpringBootApplication
    static class App {}

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("finops").toString();
        registry.add("inventiv.data.dir", () -> dir);
        // events a test stores reach the FinOps projections at once, in the test's thread
        registry.add("axon.eventhandling.processors." + FinopsAutoConfiguration.GROUP + ".mode", () -> "subscribing");
    }
}
