package io.pulse.web.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.AlertAction;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.PulseEvent;
import io.pulse.web.api.Params;
import io.pulse.web.auth.CurrentUser;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Active and recent alerts, and the operator's acknowledge and clear. */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertController {

    private static final Pattern ALERT_ID = Pattern.compile("^[^\\s]{1,128}$");
    private static final Set<String> STATES = Set.of("active", "recent");

    private final AlertBoard board;
    private final AlertActions actions;

    AlertController(AlertBoard board, AlertActions actions) {
        this.board = board;
        this.actions = actions;
    }

    @Get
    public AlertList list(CurrentUser user,
                          @Nullable @QueryValue String state,
                          @Nullable @QueryValue String level,
                          @Nullable @QueryValue String deviceId,
                          @Nullable @QueryValue String limit) {
        String which = Params.oneOf("state", state, "active", STATES);
        Set<AlertLevel> levels = Params.enums("level", level, AlertLevel.class, AlertLevel::fromWire);
        String device = Params.matching("deviceId", deviceId, Params.DEVICE_ID);
        int max = Params.intInRange("limit", limit, 200, 1, 1000);
        List<PulseEvent> all = which.equals("active") ? board.active(user, levels, device)
                : board.recent(user, levels, device);
        return new AlertList(which, all.size(), AlertBoard.countByLevel(all), all.stream().limit(max).toList());
    }

    @Post("/{alertId}/acknowledge")
    public HttpResponse<AlertAction> acknowledge(CurrentUser user, @PathVariable String alertId) {
        return act(user, alertId, AlertAction.Kind.ACKNOWLEDGE);
    }

    @Post("/{alertId}/clear")
    public HttpResponse<AlertAction> clear(CurrentUser user, @PathVariable String alertId) {
        return act(user, alertId, AlertAction.Kind.CLEAR);
    }

    private HttpResponse<AlertAction> act(CurrentUser user, String alertId, AlertAction.Kind kind) {
        Params.matching("alertId", alertId, ALERT_ID);
        return HttpResponse.accepted().body(actions.submit(user, alertId, kind));
    }

    /**
     * @param total   alerts matching, before the limit
     * @param byLevel of those, how many per level
     */
    @Serdeable
    public record AlertList(String state, int total, Map<String, Integer> byLevel, List<PulseEvent> items) {
    }
}
