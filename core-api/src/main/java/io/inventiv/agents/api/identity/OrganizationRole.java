package io.inventiv.agents.api.identity;

/**
 * What a member may do in an organization. Each role includes the ones below it: a member reads and
 * deploys, an admin also terminates and manages keys, an owner also manages members and billing.
 */
public enum OrganizationRole {
    MEMBER, ADMIN, OWNER;

    public boolean includes(OrganizationRole other) {
        return compareTo(other) >= 0;
    }
}
