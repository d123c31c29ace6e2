package io.inventiv.agents.command.catalog;

import io.inventiv.agents.support.web.Rejected;
import java.util.Map;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches the problem a {@link Rejected} carries, for {@code expectException(...)}. */
public final class RejectionMatchers {

    private RejectionMatchers() {}

    /** A rejection of the given problem type whose properties include all of {@code properties}. */
    public static Matcher<Rejected> rejection(String type, Map<String, ?> properties) {
        return new TypeSafeMatcher<>(Rejected.class) {
            @Override
            protected boolean matchesSafely(Rejected rejected) {
                return rejected.rejection().type().equals(type)
                        && rejected.rejection().properties().entrySet().containsAll(properties.entrySet());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a rejection of type ").appendValue(type).appendText(" with properties ").appendValue(properties);
            }

            @Override
            protected void describeMismatchSafely(Rejected rejected, Description description) {
                description.appendText("was ").appendValue(rejected.rejection());
            }
        };
    }

    public static Matcher<Rejected> rejection(String type) {
        return rejection(type, Map.of());
    }
}
