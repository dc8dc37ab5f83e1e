package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How much connection setup a node takes on at once, so a reconnect storm cannot starve live delivery.
 *
 * @param maxOpening     connections that may be opening at once: admitted but their first subscription's snapshot or
 *                       replay not yet sent (at most {@code openingTimeout} each). Past it a new connection is refused
 *                       with close 1013 and reason {@code TRY_AGAIN_LATER retry-after-ms=<n>}
 * @param maxReads       snapshot, resume and gap-refresh reads from Redis running at once on this node; more wait
 *                       their turn (live delivery shares the Redis connection and the CPU with them)
 * @param retryAfter     the least retry delay a refused client is told; each refusal adds a random jitter of up to
 *                       the same again, so refused clients do not come back together
 * @param openingTimeout how long an admitted connection counts as opening when it does not subscribe
 */
@ConfigurationProperties("pulse.push.admission")
public record AdmissionConfig(int maxOpening, int maxReads, Duration retryAfter, Duration openingTimeout) {
}
