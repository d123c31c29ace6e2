package io.inventiv.agents.support.storage;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a Spring test context at a fresh database of its own: {@code @ContextConfiguration(initializers = ...)}. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase.Connection db = TestDatabase.create();
        TestPropertyValues.of(
                "inventiv.db.url=" + db.url(),
                "inventiv.db.user=" + db.user(),
                "inventiv.db.password=" + (db.password() == null ? "" : db.password())).applyTo(context);
    }
}
