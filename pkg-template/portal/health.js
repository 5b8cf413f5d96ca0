// Endpoint health, computed from the deliveries list (the API has no
// statistics route): a success rate, the last delivery's result, and two
// small SVG charts of recent deliveries by outcome.
import { deliveryState, h, svg } from './dom.js';

const OUTCOMES = ['delivered', 'retrying', 'exhausted', 'pending'];
const OUTCOME_WORDS = {
  delivered: 'delivered', retrying: 'retrying', exhausted: 'exhausted', pending: 'not attempted yet',
};

/**
 * @param {any[]} deliveries newest first, as the API lists them
 * @returns {{
 *   total: number, counts: Record<string, number>, rate: number|null,
 *   level: 'none'|'healthy'|'degraded'|'failing', label: string, last: any|null
 * }}
 *   `rate` is delivered / (delivered + retrying + exhausted): a delivery that
 *   is still being retried has failed so far. `last` is the newest delivery
 *   that has had an attempt.
 */
export function computeHealth(deliveries) {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const d of deliveries) counts[deliveryState(d)] += 1;
  const judged = counts.delivered + counts.retrying + counts.exhausted;
  const rate = judged ? counts.delivered / judged : null;
  const last = deliveries.find((d) => (d.attempt_count ?? 0) > 0 || d.status !== 'pending') ?? null;
  let level = 'none';
  if (last) {
    const lastFailed = deliveryState(last) !== 'delivered';
    if (lastFailed && (rate ?? 0) < 0.5) level = 'failing';
    else if (lastFailed || (rate ?? 1) < 0.9) level = 'degraded';
    else level = 'healthy';
  }
  const label = { none: 'No deliveries yet', healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing' }[level];
  return { total: deliveries.length, counts, rate, level, label, last };
}

/** "92 %" (or "—" without any judged delivery). */
export function ratePercent(rate) {
  if (rate === null) return '—';
  const percent = rate * 100;
  return `${percent >= 99.95 || percent < 0.05 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** "12 delivered, 3 retrying, 1 exhausted" */
export function countsText(counts) {
  const parts = OUTCOMES.filter((o) => counts[o]).map((o) => `${counts[o]} ${OUTCOME_WORDS[o]}`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * A strip of the newest `max` deliveries, oldest on the left, one bar each,
 * coloured by outcome. Screen readers get the counts.
 */
export function stripChart(deliveries, { max = 30 } = {}) {
  const shown = deliveries.slice(0, max).reverse();
  const bar = 5;
  const gap = 2;
  const width = max * (bar + gap) - gap;
  const counts = computeHealth(shown).counts;
  const chart = svg('svg', {
    class: 'strip', part: 'chart', viewBox: `0 0 ${width} 16`, width, height: 16, role: 'img',
    'aria-label': shown.length ? `Last ${shown.length} deliveries: ${countsText(counts)}` : 'No deliveries yet',
  });
  const offset = (max - shown.length) * (bar + gap);
  for (let i = 0; i < max - shown.length; i += 1) {
    chart.append(svg('rect', { class: 'o-empty', x: i * (bar + gap), y: 6, width: bar, height: 4, rx: 1 }));
  }
  shown.forEach((d, i) => {
    chart.append(svg('rect', { class: `o-${deliveryState(d)}`, x: offset + i * (bar + gap), y: 0, width: bar, height: 16, rx: 1 }));
  });
  return chart;
}

/**
 * Deliveries per time slice, stacked by outcome: hours when the loaded
 * deliveries span at most two days, else days (up to 14 slices), ending now.
 * @param {any[]} deliveries
 * @param {{ now?: number }} [options]
 */
export function bucketChart(deliveries, { now = Date.now() } = {}) {
  const times = deliveries.map((d) => new Date(d.created_at).getTime()).filter(Number.isFinite);
  const oldest = times.length ? Math.min(...times) : now;
  const hourly = now - oldest <= 2 * 86_400_000;
  const size = hourly ? 3_600_000 : 86_400_000;
  const slots = hourly ? Math.min(48, Math.max(12, Math.ceil((now - oldest) / size) + 1)) : 14;
  const end = Math.ceil(now / size) * size;
  const buckets = Array.from({ length: slots }, (_, i) => ({
    start: end - (slots - i) * size, counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])), total: 0,
  }));
  for (const d of deliveries) {
    const t = new Date(d.created_at).getTime();
    const index = Math.floor((t - (end - slots * size)) / size);
    if (index < 0 || index >= slots) continue;
    buckets[index].counts[deliveryState(d)] += 1;
    buckets[index].total += 1;
  }
  const peak = Math.max(1, ...buckets.map((b) => b.total));
  const width = 560;
  const height = 120;
  const barWidth = width / slots;
  const unit = hourly ? 'hour' : 'day';
  const shownCounts = computeHealth(deliveries).counts;
  const chart = svg('svg', {
    class: 'buckets', part: 'chart', viewBox: `0 0 ${width} ${height + 1}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `Deliveries per ${unit}, last ${slots} ${unit}s: ${countsText(shownCounts)}`,
  });
  chart.append(svg('line', { class: 'axis', x1: 0, x2: width, y1: height + 0.5, y2: height + 0.5 }));
  buckets.forEach((bucket, i) => {
    let y = height;
    for (const outcome of ['delivered', 'retrying', 'exhausted', 'pending']) {
      const n = bucket.counts[outcome];
      if (!n) continue;
      const barHeight = Math.max(2, (n / peak) * (height - 8));
      y -= barHeight;
      chart.append(svg('rect', {
        class: `o-${outcome}`, x: i * barWidth + 2, y, width: Math.max(1, barWidth - 4), height: barHeight,
      }, svg('title', {}, `${n} ${OUTCOME_WORDS[outcome]}`)));
    }
  });
  const label = (t) => new Intl.DateTimeFormat(undefined, hourly ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { month: 'short', day: 'numeric' }).format(new Date(t));
  return h('div', { class: 'bucket-chart' }, chart,
    h('div', { class: 'ticks', 'aria-hidden': 'true' }, h('span', {}, label(buckets[0].start)), h('span', {}, hourly ? 'now' : label(buckets.at(-1).start))));
}

export { OUTCOMES, OUTCOME_WORDS };
