package io.inventiv.agents.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operator's console is one page whose routes live after its {@code #}: its folder answers with that page,
 * and the platform's root leads a browser there.
 */
@Configuration
class ConsolePages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("redirect:/console/");
        registry.addViewController("/console").setViewName("redirect:/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
