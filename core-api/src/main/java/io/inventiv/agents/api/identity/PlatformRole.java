package io.inventiv.agents.api.identity;

/** A user's role on the platform itself: admins manage the catalog and users and see every organization. */
public enum PlatformRole {
    USER, ADMIN
}
