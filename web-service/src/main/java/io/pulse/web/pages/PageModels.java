package io.pulse.web.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.json.JsonMapper;
import io.pulse.web.auth.CurrentUser;
import io.pulse.web.auth.Session;
import io.pulse.web.auth.Sessions;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The model every page of the layout needs: language, the user, and the JSON the page's scripts start from (push
 * URL, the user's locations, thresholds, texts).
 */
@Singleton
public class PageModels {

    private final HttpLocaleResolver locales;
    private final Messages messages;
    private final DashboardConfiguration dashboard;
    private final Thresholds thresholds;
    private final JsonMapper json;
    private final Sessions sessions;

    PageModels(HttpLocaleResolver locales, Messages messages, DashboardConfiguration dashboard, Thresholds thresholds,
               JsonMapper json, Sessions sessions) {
        this.sessions = sessions;
        this.locales = locales;
        this.messages = messages;
        this.dashboard = dashboard;
        this.thresholds = thresholds;
        this.json = json;
    }

    /** For pages anyone may see (the login page). */
    public Map<String, Object> publicModel(HttpRequest<?> request) {
        Locale locale = locales.resolveOrDefault(request);
        Map<String, Object> model = new HashMap<>();
        model.put("lang", Messages.languageTag(locale));
        model.put("here", request.getUri().toString());
        return model;
    }

    public Map<String, Object> model(HttpRequest<?> request, CurrentUser user, String page) {
        Map<String, Object> model = publicModel(request);
        Locale locale = locales.resolveOrDefault(request);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("page", page);
        config.put("pushUrl", dashboard.pushUrl());
        config.put("user", Map.of("name", user.name(), "roles", user.sortedRoles(),
                "locations", user.sortedLocations(), "mayAct", user.mayActOnAlerts()));
        config.put("thresholds", thresholds.all());
        config.put("chartPoints", dashboard.chartPoints());
        config.put("throttleMs", dashboard.throttleMs());
        config.put("lang", model.get("lang"));
        // The session's CSRF token: scripts send it as X-CSRF-Token, the logout form as _csrf.
        String csrf = sessions.session(request).map(Session::csrf).orElse("");
        config.put("csrf", csrf);
        model.put("csrf", csrf);
        config.put("texts", messages.forScripts(locale));
        model.put("page", page);
        model.put("user", user);
        model.put("configJson", scriptSafe(config));
        return model;
    }

    /** JSON that cannot end the script element it sits in. */
    private String scriptSafe(Object value) {
        try {
            return json.writeValueAsString(value).replace("</", "<\\/").replace("<!--", "<\\!--");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the page configuration", e);
        }
    }
}
