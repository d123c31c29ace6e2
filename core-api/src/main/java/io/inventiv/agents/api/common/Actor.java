package io.inventiv.agents.api.common;

import java.util.Objects;

/**
 * Who caused a command or an event: a person, an API key, a worker agent or a job of the platform.
 * Every event carries one, so "who did this, and when" is always answerable from the log.
 *
 * @param kind what sort of actor
 * @param id   its stable id (a user id, a key id, an instance id, a job name)
 * @param name how it was known at the time (a username, a key's name), for people reading the log; may be {@code null}
 */
public record Actor(Kind kind, String id, String name) {

    /** {@code ANONYMOUS} is kept only to read events recorded before identities existed. */
    public enum Kind { USER, API_KEY, WORKER, SYSTEM, ANONYMOUS }

    public Actor {
        Objects.requireNonNull(kind, "actor kind");
        Objects.requireNonNull(id, "actor id");
    }

    public Actor(Kind kind, String id) {
        this(kind, id, null);
    }

    public static Actor system(String job) {
        return new Actor(Kind.SYSTEM, job, job);
    }

    /** The worker agent of an instance, heard with that instance's worker token. */
    public static Actor worker(String instanceId) {
        return new Actor(Kind.WORKER, instanceId, "worker");
    }

    public static Actor user(String userId, String username) {
        return new Actor(Kind.USER, userId, username);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + id;
    }
}
