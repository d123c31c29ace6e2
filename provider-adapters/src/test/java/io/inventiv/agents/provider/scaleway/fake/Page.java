package io.inventiv.agents.provider.scaleway.fake;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One page of a list: {@code page} is 1-based, the size is at most 100. The Instance API calls the
 * size {@code per_page} and answers its count in {@code X-Total-Count} and a {@code Link} header;
 * the Block API calls it {@code page_size} and answers {@code total_count} in the body.
 */
record Page(int number, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 100;

    static Page of(ApiRequest request, String sizeParameter) {
        int number = integer(request, "page", 1);
        int size = integer(request, sizeParameter, DEFAULT_SIZE);
        if (number < 1) {
            throw ApiError.constraint("page", "must be greater or equal to 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiError.constraint(sizeParameter, "must be between 1 and " + MAX_SIZE);
        }
        return new Page(number, size);
    }

    private static int integer(ApiRequest request, String name, int fallback) {
        String value = request.param(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiError.constraint(name, "must be an integer");
        }
    }

    <T> List<T> slice(List<T> all) {
        long from = (long) (number - 1) * size;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    int lastNumber(int total) {
        return (total + size - 1) / size;
    }

    /**
     * The Instance API's {@code Link} header, byte for byte as recorded: the target is relative to the
     * zone ({@code </servers?page=2&per_page=50&>}, without {@code /instance/v1/zones/...}), the other
     * query parameters follow {@code per_page}, and an empty list's "last" page is page 0.
     */
    String link(String resource, ApiRequest request, int total) {
        String others = request.query().entrySet().stream()
                .filter(e -> !e.getKey().equals("page") && !e.getKey().equals("per_page"))
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + v))
                .collect(Collectors.joining("&"));
        int last = lastNumber(total);
        StringBuilder link = new StringBuilder();
        if (number > 1) {
            link.append(target(resource, 1, others)).append("; rel=\"first\",");
            link.append(target(resource, number - 1, others)).append("; rel=\"previous\",");
        }
        if (number < last) {
            link.append(target(resource, number + 1, others)).append("; rel=\"next\",");
        }
        return link.append(target(resource, last, others)).append("; rel=\"last\"").toString();
    }

    private String target(String resource, int page, String others) {
        return "<" + resource + "?page=" + page + "&per_page=" + size + "&" + others + ">";
    }
}
