package io.inventiv.agents.support.storage;

import io.inventiv.agents.support.observability.LogFormat;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every side shares (storage, Axon, the JSON style of the API, the log format), as lowest-precedence defaults so
 * that a side started alone, a test, or the platform all get them and any of them may override one.
 */
public class SharedDefaults implements EnvironmentPostProcessor {

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("axon.axonserver.enabled", "false"),
            Map.entry("spring.jpa.hibernate.ddl-auto", "validate"),
            Map.entry("spring.jpa.open-in-view", "false"),
            Map.entry("spring.jpa.database-platform", InventivPostgreSQLDialect.class.getName()),
            Map.entry("spring.jpa.properties.hibernate.jdbc.time_zone", "UTC"),
            Map.entry("spring.flyway.locations", "classpath:db/migration"),
            Map.entry("spring.flyway.out-of-order", "true"),
            Map.entry("db-scheduler.delay-startup-until-context-ready", "true"),
            Map.entry("db-scheduler.polling-interval", "1s"),
            Map.entry("db-scheduler.immediate-execution-enabled", "true"),
            Map.entry("db-scheduler.threads", "10"),
            // a deadline picked by a process that died is taken up again after 6 missed heartbeats: 30 s, not 30 min
            Map.entry("db-scheduler.heartbeat-interval", "5s"),
            Map.entry("spring.jackson.property-naming-strategy", "SNAKE_CASE"),
            Map.entry("spring.jackson.serialization.write-dates-as-timestamps", "false"),
            Map.entry("spring.jackson.deserialization.fail-on-unknown-properties", "true"),
            Map.entry("spring.jackson.mapper.accept-case-insensitive-enums", "true"),
            Map.entry("spring.mvc.problemdetails.enabled", "false"),
            // every request passes a dozen security filters: observing each one costs more than it tells
            Map.entry("management.observations.enable.spring.security", "false"),
            // callers are users of the platform with sessions of their own, never Spring's generated in-memory user
            Map.entry("spring.autoconfigure.exclude",
                    "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration"),
            Map.entry("server.tomcat.max-swallow-size", "4MB"),
            Map.entry("server.tomcat.max-http-form-post-size", "1MB"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        defaults.putAll(LogFormat.settings(environment));
        environment.getPropertySources().addLast(new MapPropertySource("inventiv-shared-defaults", defaults));
    }
}
