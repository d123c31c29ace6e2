package io.inventiv.agents.api.common;

import java.util.Objects;

/**
 * Who caused a command or an event: a person, an API key, a worker agent or a job of the platform.
 * Every event carries one, so "who did this, and when" is always answerable from the log.
 */
public record Actor(Kind kind, String id) {

    public enum Kind { USER, API_KEY, WORKER, SYSTEM, ANONYMOUS }

    public Actor {
        Objects.requireNonNull(kind, "actor kind");
        Objects.requireNonNull(id, "actor id");
    }

    public static Actor system(String job) {
        return new Actor(Kind.SYSTEM, job);
    }

    public static Actor user(String userId) {
        return new Actor(Kind.USER, userId);
    }

    /** A caller of the admin API before identities exist; see the identity capability. */
    public static Actor anonymous() {
        return new Actor(Kind.ANONYMOUS, "anonymous");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + id;
    }
}
