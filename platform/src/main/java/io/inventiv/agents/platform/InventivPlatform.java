package io.inventiv.agents.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Every side of Inventiv Agents in one JVM: the default, one-command way to run the platform. */
@SpringBootApplication
public class InventivPlatform {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(InventivPlatform.class, args);
    }
}
