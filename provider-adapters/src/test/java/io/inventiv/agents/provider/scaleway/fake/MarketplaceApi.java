package io.inventiv.agents.provider.scaleway.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;

/** The marketplace routes that turn an image label into the image id of a zone. */
final class MarketplaceApi {

    private final LocalImages images;

    MarketplaceApi(LocalImages images) {
        this.images = images;
    }

    void register(Routes routes) {
        routes.add("GET", "/marketplace/v2/local-images", this::list)
                .add("GET", "/marketplace/v2/local-images/(?<id>[^/]+)", this::get);
    }

    private ApiResponse list(ApiRequest request, Matcher path) {
        List<LocalImage> found = images.find(request.param("zone"), request.param("image_label"), request.param("type"));
        ObjectNode body = Json.object();
        var array = body.putArray("local_images");
        found.forEach(image -> array.add(image.toMarketplaceJson()));
        body.put("total_count", found.size());
        return ApiResponse.ok(body);
    }

    private ApiResponse get(ApiRequest request, Matcher path) {
        String id = path.group("id");
        return ApiResponse.ok(images.byId(id).orElseThrow(() -> ApiError.notFound("local_image", id))
                .toMarketplaceJson());
    }
}
