package io.pulse.ingest.rules;

import io.pulse.contracts.AlertLevel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertRuleTest {

    @Test
    void parsesARuleWithHysteresis() {
        AlertRule rule = AlertRule.parse("oven.temperature > 250 clear 245 -> critical");
        assertEquals(new AlertRule("oven", "temperature", true, 250, 245, AlertLevel.CRITICAL), rule);
        assertTrue(rule.breached(250.1));
        assertFalse(rule.breached(250));
        assertFalse(rule.cleared(247), "inside the band neither raises nor recovers");
        assertTrue(rule.cleared(245));
        assertEquals("rule-oven-07-temperature-critical", rule.alertId("oven-07"));
        assertEquals("temperature 262.0 > 250.0", rule.raiseMessage(262));
    }

    @Test
    void parsesALowRuleWithoutHysteresis() {
        AlertRule rule = AlertRule.parse("conveyor.speed<0.2->warning");
        assertFalse(rule.above());
        assertEquals(0.2, rule.clearAt());
        assertTrue(rule.breached(0.1));
        assertTrue(rule.cleared(0.2));
        assertEquals(" back above 0.2", rule.recoverySuffix());
    }

    @Test
    void refusesMalformedRulesWithTheExpectedForm() {
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> AlertRule.parse("temperature > 250"));
        assertTrue(form.getMessage().contains("<deviceType>.<metric>"), form.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlertRule.parse("oven.temperature > 250 -> panic"));
        IllegalArgumentException side = assertThrows(IllegalArgumentException.class,
                () -> AlertRule.parse("oven.temperature > 250 clear 260 -> critical"));
        assertTrue(side.getMessage().contains("normal side"), side.getMessage());
    }
}
