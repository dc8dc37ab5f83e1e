package io.pulse.infra.prometheus;

import io.pulse.servers.Executables;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/prometheus/alerts.yml is valid and each of its rules fires (and stays quiet) as alerts.test.yml says:
 * Prometheus's own {@code promtool test rules}, from the Debian package {@code prometheus}.
 */
class PrometheusRulesTest {

    private static final Path DIR = ServiceProcess.repoRoot().resolve("deploy/prometheus");

    @Test
    void theRulesAreValid() throws Exception {
        Result check = promtool("check", "rules", "alerts.yml");
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyRuleFiresAsItsUnitTestExpects() throws Exception {
        Result test = promtool("test", "rules", "alerts.test.yml");
        assertEquals(0, test.exit(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        List<String> alerts = names(Files.readString(DIR.resolve("alerts.yml")), "- alert: (\\w+)");
        List<String> tested = names(Files.readString(DIR.resolve("alerts.test.yml")), "alertname: (\\w+)");
        assertFalse(alerts.isEmpty());
        assertEquals(List.of(), alerts.stream().filter(a -> !tested.contains(a)).toList(), "alerts without a test");
    }

    @Test
    void metricNamesAreReadOffExpressionsLeavingFunctionsLabelsAndKeywordsOut() {
        assertEquals(java.util.Set.of("pulse_push_delivery_latency_seconds_bucket"), PromQlNames.of(
                "histogram_quantile(0.95, sum by (le) (rate(pulse_push_delivery_latency_seconds_bucket{job=\"pulse-push\"}[5m]))) > 0.1"));
        assertEquals(java.util.Set.of("a_total", "b_count", "up"), PromQlNames.of(
                "sum(rate(a_total[5m])) / clamp_min(sum by (instance) (b_count), 0.001) > 5e-2 and on (job) up == 0"));
    }

    private static List<String> names(String yaml, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(yaml);
        return matcher.results().map(m -> m.group(1)).distinct().toList();
    }

    private record Result(int exit, String output) {
    }

    private static Result promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Executables.onPath("promtool").orElseThrow(() -> new AssertionError(
                "promtool is not installed: sudo apt-get install -y prometheus (./test.sh installs it when run as root)"));
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish within 60 s");
        return new Result(process.exitValue(), output);
    }
}
