package io.inventiv.agents.command.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what users who are not platform admins may create ({@code inventiv.tenancy.*}).
 *
 * @param maxOrganizationsPerUser     organizations one user may own
 * @param newOrganizationMaxInstances the cap on unfinished instances of an organization such a user creates (-1: none);
 *                                    a platform admin changes it with {@code PUT /organizations/{id}/quota}
 */
@ConfigurationProperties("inventiv.tenancy")
public record TenancySettings(@DefaultValue("5") int maxOrganizationsPerUser, @DefaultValue("2") int newOrganizationMaxInstances) {

    Integer newOrganizationCap() {
        return newOrganizationMaxInstances < 0 ? null : newOrganizationMaxInstances;
    }
}
