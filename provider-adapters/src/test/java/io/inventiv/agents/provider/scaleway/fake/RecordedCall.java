package io.inventiv.agents.provider.scaleway.fake;

import java.util.regex.Pattern;

/** One call the fake answered; {@code query} is the raw query string ("" when none). */
public record RecordedCall(String method, String path, String query, int status) {

    public boolean matches(String method, String pathRegex) {
        return this.method.equalsIgnoreCase(method) && Pattern.compile(pathRegex).matcher(path).find();
    }
}
