// A line chart of one metric over time (Chart.js from the bundled WebJar), with a bounded buffer, threshold lines,
// and CSV / PNG export. Redraws at most once per animation frame.
import config, { formatTime, t } from './config.js';
import { onFrame } from './frame.js';

const THRESHOLD_COLORS = { warning: '#d97706', critical: '#dc2626' };

// Time ranges whose readings could not all be loaded: shaded, so a flat or missing stretch is not mistaken for data.
const gapShading = {
  id: 'pulseGaps',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.fillStyle = 'rgba(220,38,38,0.15)';
    (chart.$pulseGaps || []).forEach(({ from, to }) => {
      const left = Math.max(chartArea.left, scales.x.getPixelForValue(from));
      const right = Math.min(chartArea.right, scales.x.getPixelForValue(to));
      if (right > left) {
        ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      }
    });
    ctx.restore();
  },
};

// PNG export: paint a white background, since the canvas itself is transparent.
const whiteBackground = {
  id: 'pulseBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export class LiveChart {
  constructor(canvas, { maxPoints = config.chartPoints } = {}) {
    this.maxPoints = maxPoints;
    this.points = [];
    this.gaps = [];
    this.thresholds = {};
    this.label = '';
    this.chart = new window.Chart(canvas, {
      type: 'line',
      data: { datasets: [{ label: '', data: [], borderColor: '#2563eb', backgroundColor: 'rgba(37,99,235,0.12)',
        fill: true, pointRadius: 0, borderWidth: 2, tension: 0.2 }] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: (value) => formatTime(value) } },
          y: { beginAtZero: false },
        },
        plugins: {
          legend: { display: true, labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: (items) => (items.length ? formatTime(items[0].parsed.x) : '') } },
        },
      },
      plugins: [whiteBackground, gapShading],
    });
  }

  /** Replaces the series: label, points [{x: epoch ms, y}], thresholds {warning, critical}. */
  show(label, points, thresholds = {}) {
    this.label = label;
    this.points = points.slice(-this.maxPoints);
    this.gaps = [];
    this.thresholds = thresholds;
    this.redraw();
  }

  /** Merges points [{x, y}] into the series in time order (backfilled readings), keeping the bound. */
  insert(points) {
    if (!points.length) {
      return;
    }
    const byTime = new Map(this.points.map((p) => [p.x, p]));
    points.forEach((p) => byTime.set(p.x, p));
    this.points = [...byTime.values()].sort((a, b) => a.x - b.x).slice(-this.maxPoints);
    this.redraw();
  }

  /** Marks (from, to) as a stretch whose readings could not all be loaded; the line breaks there. */
  markGap(from, to) {
    this.gaps.push({ from, to });
    this.redraw();
  }

  /** Adds a point in time order, dropping the oldest beyond the bound. */
  add(x, y) {
    const last = this.points[this.points.length - 1];
    if (last && x < last.x) {
      return;
    }
    if (last && x === last.x) {
      last.y = y;
    } else {
      this.points.push({ x, y });
    }
    if (this.points.length > this.maxPoints) {
      this.points.splice(0, this.points.length - this.maxPoints);
    }
    this.redraw();
  }

  setThreshold(level, value) {
    if (this.thresholds[level] !== value) {
      this.thresholds = { ...this.thresholds, [level]: value };
      this.redraw();
    }
  }

  setMaxPoints(maxPoints) {
    this.maxPoints = maxPoints;
    this.points = this.points.slice(-maxPoints);
    this.redraw();
  }

  redraw() {
    onFrame(() => this.draw());
  }

  draw() {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    this.gaps = this.gaps.filter((gap) => first && gap.to >= first.x);
    const datasets = [{ ...this.chart.data.datasets[0], label: this.label || t('chart.nodata'), data: this.withBreaks(),
      spanGaps: false }];
    if (first) {
      for (const [level, value] of Object.entries(this.thresholds)) {
        if (typeof value === 'number') {
          datasets.push({ label: `${t(`level.${level}`)} ${value}`, data: [{ x: first.x, y: value }, { x: last.x, y: value }],
            borderColor: THRESHOLD_COLORS[level] || '#6b7280', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false });
        }
      }
    }
    this.chart.data.datasets = datasets;
    this.chart.$pulseGaps = this.gaps;
    // The time axis spans the data, not Chart.js's rounded range, so the newest point sits at the right edge.
    this.chart.options.scales.x.min = first ? first.x : undefined;
    this.chart.options.scales.x.max = last ? last.x : undefined;
    this.chart.update('none');
  }

  /** The series with a null point inside every marked gap that has no point in it, so the line is not drawn across. */
  withBreaks() {
    if (!this.gaps.length) {
      return this.points;
    }
    const breaks = this.gaps.filter((gap) => !this.points.some((p) => p.x > gap.from && p.x < gap.to))
      .map((gap) => ({ x: (gap.from + gap.to) / 2, y: null }));
    return [...this.points, ...breaks].sort((a, b) => a.x - b.x);
  }

  csv() {
    const rows = [`timestamp,time,${this.label || t('chart.value')}`];
    this.points.forEach((p) => rows.push(`${p.x},${new Date(p.x).toISOString()},${p.y}`));
    return `${rows.join('\n')}\n`;
  }

  exportCsv(name) {
    download(`${name}.csv`, URL.createObjectURL(new Blob([this.csv()], { type: 'text/csv' })));
  }

  exportPng(name) {
    this.draw();
    download(`${name}.png`, this.chart.toBase64Image('image/png'));
  }
}

function download(fileName, href) {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  if (href.startsWith('blob:')) {
    setTimeout(() => URL.revokeObjectURL(href), 1000);
  }
}

/** The configured thresholds for a device type and metric, e.g. {warning: 230, critical: 250}. */
export function thresholdsFor(deviceType, metric) {
  return ((config.thresholds[deviceType] || {})[metric]) || {};
}

/** Wires the export buttons of a chart, named like the data shown. */
export function exportButtons(prefix, chart, name) {
  document.getElementById(`${prefix}-csv`).addEventListener('click', () => chart.exportCsv(name()));
  document.getElementById(`${prefix}-png`).addEventListener('click', () => chart.exportPng(name()));
}
