package io.inventiv.agents.provider.scaleway.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The route table: method + path pattern to handler; a {@code zone} group is checked against {@link Zones}. */
final class Routes {

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request, Matcher path);
    }

    private record Route(String method, Pattern path, boolean zoned, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    /** Trailing slashes are accepted, as the real gateway does. */
    Routes add(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex + "/?"), pathRegex.contains("(?<zone>"), handler));
        return this;
    }

    ApiResponse dispatch(ApiRequest request) {
        try {
            for (Route route : routes) {
                Matcher matcher = route.path().matcher(request.path());
                if (route.method().equals(request.method()) && matcher.matches()) {
                    if (route.zoned()) {
                        Zones.require(matcher.group("zone"));
                    }
                    return route.handler().handle(request, matcher);
                }
            }
            throw ApiError.noRoute(request.method(), request.path());
        } catch (ApiError error) {
            return error.response();
        }
    }
}
