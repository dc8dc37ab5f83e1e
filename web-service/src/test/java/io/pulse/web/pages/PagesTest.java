package io.pulse.web.pages;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class PagesTest extends WebTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/live", "/devices", "/devices/oven-07", "/alerts"})
    void everyPageIsTheLayoutWithItsModuleAndConfiguration(String path) {
        HttpResponse<String> page = loggedIn("operator").get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains("id=\"conn\"", "id=\"pulse-config\"", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js")
                .contains("\"pushUrl\":\"/ws\"", "\"name\":\"operator\"", "\"mayAct\":true")
                .containsPattern("<script type=\"module\" src=\"/static/js/pages/[a-z]+\\.js\"></script>")
                .doesNotContain("cdn.", "https://");
    }

    @Test
    void englishByDefaultChineseByAcceptLanguageOrTheSwitch() {
        WebClient web = loggedIn("operator");
        assertThat(web.get("/devices").body()).contains("<html lang=\"en\"", ">Devices<", "\"conn.connected\":\"Connected\"");
        String chinese = web.get("/devices", "Accept-Language", "zh-CN,zh;q=0.9").body();
        assertThat(chinese).contains("<html lang=\"zh-CN\"", ">设备<", "\"conn.connected\":\"已连接\"", "搜索编号、类型或位置");

        HttpResponse<String> switched = web.get("/lang/zh-CN?next=%2Falerts");
        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(switched.headers().firstValue("Location")).hasValue("/alerts");
        String cookie = WebClient.setCookie(switched, PageController.LANGUAGE_COOKIE).orElseThrow();
        web.cookie(PageController.LANGUAGE_COOKIE, cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
        assertThat(web.get("/alerts", "Accept-Language", "en").body()).contains("<html lang=\"zh-CN\"", "严重告警声音提示");
    }

    @Test
    void everyTextExistsInBothLanguages() throws Exception {
        java.util.Properties english = new java.util.Properties();
        java.util.Properties chinese = new java.util.Properties();
        try (var en = getClass().getResourceAsStream("/i18n/messages.properties");
             var zh = getClass().getResourceAsStream("/i18n/messages_zh_CN.properties")) {
            english.load(new java.io.InputStreamReader(en, java.nio.charset.StandardCharsets.UTF_8));
            chinese.load(new java.io.InputStreamReader(zh, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
    }

    @Test
    void theLoginPageIsTranslatedToo() {
        assertThat(anonymous().get("/login", "Accept-Language", "zh-CN").body()).contains("用户名", "密码");
        assertThat(anonymous().get("/login").body()).contains("User name", "Password");
    }

    @Test
    void aRestrictedUserPageCarriesTheirLocationsAndNoActions() {
        String page = loggedIn("viewer").get("/").body();
        assertThat(page).contains("\"locations\":[\"plant-1/line-1\"]", "\"mayAct\":false");
    }

    @Test
    void scriptsStylesAndChartJsAreServedByTheApp() {
        WebClient web = anonymous();
        for (String path : new String[] {"/static/js/app.js", "/static/js/push-client.js", "/static/js/pages/live.js",
                "/static/css/pulse.css", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js"}) {
            HttpResponse<String> response = web.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isNotBlank();
        }
        assertThat(web.get("/static/js/app.js").headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
    }

    @Test
    void anUnknownLanguageOrMalformedDeviceIsABadRequest() {
        assertThat(loggedIn("operator").get("/lang/fr").statusCode()).isEqualTo(400);
        assertThat(loggedIn("operator").get("/devices/bad%20id").statusCode()).isEqualTo(400);
    }
}
