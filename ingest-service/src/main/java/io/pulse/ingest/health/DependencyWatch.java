package io.pulse.ingest.health;

/** A bean that keeps an eye on one broker; readiness is down while any of them is. */
public interface DependencyWatch {

    DependencyState state();
}
