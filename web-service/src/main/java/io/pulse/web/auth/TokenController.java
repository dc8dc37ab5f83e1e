package io.pulse.web.auth;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** Hands the page the short-lived JWT for the push WebSocket; the page asks again before it expires. */
@Controller("/api/auth/token")
public class TokenController {

    private final PushTokens tokens;

    TokenController(PushTokens tokens) {
        this.tokens = tokens;
    }

    @Post
    public PushTokens.PushToken token(CurrentUser user) {
        return tokens.issue(user);
    }
}
