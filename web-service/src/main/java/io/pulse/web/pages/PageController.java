package io.pulse.web.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.views.ModelAndView;
import io.pulse.web.api.Params;
import io.pulse.web.auth.CurrentUser;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The dashboard's pages. Each is the one layout around a page-specific part; the data arrives in the browser from
 * the REST API and the push WebSocket, so rendering a page never waits for Redis.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
public class PageController {

    /** The cookie the language switch sets; the locale resolver reads it before Accept-Language. */
    public static final String LANGUAGE_COOKIE = "pulse_lang";

    private final PageModels models;

    PageController(PageModels models) {
        this.models = models;
    }

    @Get
    public ModelAndView<Map<String, Object>> overview(HttpRequest<?> request, CurrentUser user) {
        return page(request, user, "overview");
    }

    @Get("/live")
    public ModelAndView<Map<String, Object>> live(HttpRequest<?> request, CurrentUser user) {
        return page(request, user, "live");
    }

    @Get("/devices")
    public ModelAndView<Map<String, Object>> devices(HttpRequest<?> request, CurrentUser user) {
        return page(request, user, "devices");
    }

    @Get("/devices/{deviceId}")
    public ModelAndView<Map<String, Object>> device(HttpRequest<?> request, CurrentUser user,
                                                    @PathVariable String deviceId) {
        Params.matching("deviceId", deviceId, Params.DEVICE_ID);
        ModelAndView<Map<String, Object>> page = page(request, user, "device");
        page.getModel().ifPresent(model -> model.put("deviceId", deviceId));
        return page;
    }

    @Get("/alerts")
    public ModelAndView<Map<String, Object>> alerts(HttpRequest<?> request, CurrentUser user) {
        return page(request, user, "alerts");
    }

    /** The language switch: remembers the choice in a cookie and goes back. */
    @Get("/lang/{tag}")
    public HttpResponse<?> language(@PathVariable String tag, @Nullable @QueryValue String next) {
        String lang = Params.oneOf("tag", tag, "en", java.util.Set.of("en", "zh-CN"));
        Cookie cookie = Cookie.of(LANGUAGE_COOKIE, lang).path("/").sameSite(SameSite.Lax).maxAge(Duration.ofDays(365));
        String target = next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/";
        return HttpResponse.seeOther(URI.create(target)).cookie(cookie);
    }

    private ModelAndView<Map<String, Object>> page(HttpRequest<?> request, CurrentUser user, String page) {
        return new ModelAndView<>(page, models.model(request, user, page));
    }
}
