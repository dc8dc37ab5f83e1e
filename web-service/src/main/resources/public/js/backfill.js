// Readings the page skipped: push delivers every reading while the socket keeps up, but a backed-up connection gets
// only the latest per device, and the device's deviceSeq then jumps (n -> n+k: n+1..n+k-1 were skipped). This
// fetches the skipped readings from the REST history; what history no longer holds is marked on the chart as a gap.
import { api, query } from './api.js';

// The REST history's largest page.
const HISTORY_LIMIT = 1000;

/**
 * The skipped readings of a gap ({deviceId, fromSeq, toSeq, fromTs, toTs}, as the store reports it): `points`
 * found in history, oldest first, and `missing`, the time ranges [{from, to}] (exclusive) of those not found.
 */
export async function skippedReadings(gap) {
  // All metrics, not one: a reading without the chart's metric still counts towards the range being complete.
  const data = await api(`/api/devices/${encodeURIComponent(gap.deviceId)}/history${query({
    from: gap.fromTs, to: gap.toTs, limit: HISTORY_LIMIT })}`);
  const sequenced = data.points.every((p) => typeof p.deviceSeq === 'number');
  if (!sequenced) {
    // A history without deviceSeq cannot say which readings it holds: complete only if it has as many as skipped.
    const points = data.points.filter((p) => p.timestamp > gap.fromTs && p.timestamp < gap.toTs);
    const complete = points.length >= gap.toSeq - gap.fromSeq + 1;
    return { points, missing: complete ? [] : [{ from: gap.fromTs, to: gap.toTs }] };
  }
  const points = data.points.filter((p) => p.deviceSeq >= gap.fromSeq && p.deviceSeq <= gap.toSeq)
    .sort((a, b) => a.deviceSeq - b.deviceSeq);
  // Walk the known readings in sequence order (the gap's edges included): a jump between two is a missing run,
  // which lies in time between them.
  const known = [{ deviceSeq: gap.fromSeq - 1, timestamp: gap.fromTs }, ...points,
    { deviceSeq: gap.toSeq + 1, timestamp: gap.toTs }];
  const missing = [];
  for (let i = 1; i < known.length; i += 1) {
    if (known[i].deviceSeq - known[i - 1].deviceSeq > 1) {
      missing.push({ from: known[i - 1].timestamp, to: known[i].timestamp });
    }
  }
  return { points, missing };
}

/**
 * Fills a chart's series of `metric` with a gap's skipped readings and marks what history could not supply (or all
 * of it, when history could not be read). `stillWanted()` says whether the chart still shows that device and metric.
 */
export async function fillChartGap(chart, gap, metric, stillWanted = () => true) {
  let result;
  try {
    result = await skippedReadings(gap);
  } catch (error) {
    console.warn(`backfill of ${gap.deviceId} ${gap.fromSeq}..${gap.toSeq} failed: ${error.message}`);
    result = { points: [], missing: [{ from: gap.fromTs, to: gap.toTs }] };
  }
  if (!stillWanted()) {
    return;
  }
  chart.insert(result.points.filter((p) => metric in p.metrics).map((p) => ({ x: p.timestamp, y: p.metrics[metric] })));
  result.missing.forEach((range) => chart.markGap(range.from, range.to));
}
