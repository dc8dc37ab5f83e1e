package io.pulse.push.announce;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.push.PushConfig;
import io.pulse.push.auth.ApiAuth;
import io.pulse.push.auth.User;
import io.pulse.push.presence.Presence;
import io.pulse.push.session.ConnectionRegistry;
import jakarta.validation.Valid;

import java.io.IOException;
import java.util.Map;

/** push-service's small HTTP API: presence, this instance's stats, and announcements. Token required. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PushApi {

    private final ApiAuth auth;
    private final Announcements announcements;
    private final Presence presence;
    private final ConnectionRegistry registry;
    private final PushConfig push;

    public PushApi(ApiAuth auth, Announcements announcements, Presence presence, ConnectionRegistry registry,
                   PushConfig push) {
        this.auth = auth;
        this.announcements = announcements;
        this.presence = presence;
        this.registry = registry;
        this.push = push;
    }

    /** @param instances how many push instances received it */
    @Serdeable
    public record Published(long instances) {
    }

    @Serdeable
    public record Stats(String instanceId, int connections, long subscriptions, Map<String, Integer> presence) {
    }

    @Post("/announcements")
    public HttpResponse<Published> announce(HttpRequest<?> request, @Body @Valid Announcement announcement) throws IOException {
        User sender = auth.admin(request);
        if (!"all".equals(announcement.scope()) && (announcement.target() == null || announcement.target().isBlank())) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "scope " + announcement.scope() + " needs a target");
        }
        long instances = announcements.publish(new Announcement(announcement.message(), announcement.scope(),
                announcement.target(), sender.id() == null ? "anonymous" : sender.id()));
        return HttpResponse.accepted().body(new Published(instances));
    }

    /** Location scope to the number of users watching it, over all instances. */
    @Get("/presence")
    public Map<String, Integer> presence(HttpRequest<?> request) {
        auth.caller(request);
        return presence.cluster();
    }

    @Get("/stats")
    public Stats stats(HttpRequest<?> request) {
        auth.caller(request);
        long subscriptions = registry.all().stream().mapToLong(connection -> connection.subscriptions().size()).sum();
        return new Stats(push.instanceId(), registry.size(), subscriptions, presence.local());
    }
}
