// The live loss chart: training and validation loss against step, drawn as SVG from metrics events.
import { h, svg, num } from './dom.js';

const width = 640;
const height = 300;
const margin = { left: 56, right: 16, top: 16, bottom: 40 };

export class LossChart {
  constructor() {
    this.train = [];
    this.valid = [];
    this.totalSteps = null;
    this.plot = svg('svg', {
      id: 'loss-chart', 'data-testid': 'loss-chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-labelledby': 'loss-chart-title', class: 'chart',
    });
    this.summary = h('p', { id: 'loss-summary', 'data-testid': 'loss-summary', 'aria-live': 'polite' }, 'No metrics yet.');
    this.element = h('figure', { class: 'chart-figure' },
      this.plot,
      h('figcaption', {},
        h('span', { class: 'legend legend-train' }, 'training loss'), ' ',
        h('span', { class: 'legend legend-valid' }, 'validation loss'),
        this.summary));
    this.render();
  }

  /** Forgets every point (the event stream is replayed from the start on reconnect). */
  clear() {
    this.train = [];
    this.valid = [];
    this.totalSteps = null;
    this.render();
  }

  /** Adds the figures of one metrics event's `data` and redraws. */
  add(data) {
    const step = Number(data.step);
    if (!Number.isFinite(step)) return;
    if (data.total_steps) this.totalSteps = Number(data.total_steps);
    if (isNumber(data.train_loss)) upsert(this.train, step, data.train_loss);
    const valid = isNumber(data.valid_loss) ? data.valid_loss : data.full_valid_loss;
    if (isNumber(valid)) upsert(this.valid, step, valid);
    this.last = data;
    this.render();
  }

  render() {
    const all = [...this.train, ...this.valid];
    const maxStep = Math.max(1, this.totalSteps ?? 0, ...all.map((p) => p.step));
    const maxLoss = niceCeiling(Math.max(0, ...all.map((p) => p.loss)));
    const x = (step) => margin.left + (step / maxStep) * (width - margin.left - margin.right);
    const y = (loss) => height - margin.bottom - (loss / maxLoss) * (height - margin.top - margin.bottom);
    const points = (series) => series.map((p) => `${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' ');

    const grid = [];
    for (let i = 0; i <= 4; i++) {
      const loss = (maxLoss * i) / 4;
      grid.push(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(loss), y2: y(loss), class: 'grid' }));
      grid.push(svg('text', { x: margin.left - 6, y: y(loss) + 4, 'text-anchor': 'end', class: 'tick' }, num(loss, 2)));
      const step = Math.round((maxStep * i) / 4);
      grid.push(svg('text', { x: x(step), y: height - margin.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, String(step)));
    }

    this.plot.replaceChildren(
      svg('title', { id: 'loss-chart-title' },
        `Loss curves: ${this.train.length} training and ${this.valid.length} validation points`),
      ...grid,
      svg('text', { x: (margin.left + width - margin.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, 'step'),
      svg('text', { x: 14, y: (margin.top + height - margin.bottom) / 2, 'text-anchor': 'middle', class: 'axis-label',
        transform: `rotate(-90 14 ${(margin.top + height - margin.bottom) / 2})` }, 'loss'),
      svg('polyline', { id: 'train-curve', 'data-testid': 'train-curve', class: 'curve curve-train',
        points: points(this.train), 'data-point-count': this.train.length }),
      svg('polyline', { id: 'valid-curve', 'data-testid': 'valid-curve', class: 'curve curve-valid',
        points: points(this.valid), 'data-point-count': this.valid.length }),
      ...this.valid.map((p) => svg('circle', { cx: x(p.step), cy: y(p.loss), r: 3, class: 'dot-valid' })),
      // The newest training point is marked, so a curve of one point is visible too.
      ...this.train.slice(-1).map((p) => svg('circle', { cx: x(p.step), cy: y(p.loss), r: 3, class: 'dot-train' })));

    const last = this.last;
    this.summary.textContent = last
      ? `Step ${last.step}${last.total_steps ? `/${last.total_steps}` : ''}: training loss ${num(last.train_loss)}, validation loss ${num(last.valid_loss ?? last.full_valid_loss)}`
      : 'No metrics yet.';
  }
}

function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

// A metrics event per step; a repeated step (a resumed job re-records it) replaces the earlier point.
function upsert(series, step, loss) {
  const at = series.findIndex((p) => p.step >= step);
  if (at < 0) series.push({ step, loss });
  else if (series[at].step === step) series[at] = { step, loss };
  else series.splice(at, 0, { step, loss });
}

function niceCeiling(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (factor * magnitude >= value) return factor * magnitude;
  }
  return 10 * magnitude;
}
