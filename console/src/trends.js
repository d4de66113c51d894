// The last 15 minutes of the key values, kept in the browser and drawn with uPlot. One sample per series every
// second from the latest point: a value that is not GOOD, or that the console cannot vouch for (stale), is a gap,
// never a line drawn through.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { goodValue, formatNumber } from './quality.js';

export const WINDOW_S = 15 * 60;

export class TrendStore {
  constructor(seriesIds, windowS = WINDOW_S) {
    this.ids = [...new Set(seriesIds)];
    this.windowS = windowS;
    this.t = [];
    this.values = new Map(this.ids.map((id) => [id, []]));
  }

  /** Takes one sample of every series at wall time tS (seconds) from the model's points. */
  sample(tS, points, stale) {
    this.t.push(tS);
    for (const id of this.ids) {
      const p = points.get(id);
      const v = goodValue(p, stale);
      this.values.get(id).push(v === null ? null : Number(formatNumber(v, p.u).value));
    }
    while (this.t.length > 0 && this.t[0] < tS - this.windowS) {
      this.t.shift();
      for (const arr of this.values.values()) {
        arr.shift();
      }
    }
  }

  /** uPlot's data for a chart of these series. */
  data(ids) {
    return [this.t.slice(), ...ids.map((id) => (this.values.get(id) || []).slice())];
  }
}

const STROKES = ['#1f1f1f', '#3a5f8f', '#6b6b6b', '#8a5a2b', '#2f6f5f', '#5a3f7f'];

/** The uPlot charts of a layout's trends, mounted in {@code container}; redrawn with {@link update}. */
export class TrendCharts {
  constructor(container, definitions, store) {
    this.store = store;
    this.charts = definitions.map((def) => {
      const box = document.createElement('div');
      box.className = 'trend';
      box.dataset.testid = 'trend';
      const title = document.createElement('h3');
      title.textContent = `${def.title} (${def.unit})`;
      box.appendChild(title);
      container.appendChild(box);
      const opts = {
        width: Math.max(300, box.clientWidth || 560),
        height: 170,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{ stroke: '#333', grid: { stroke: '#c8c8c8' } }, { stroke: '#333', grid: { stroke: '#c8c8c8' } }],
        series: [{}, ...def.series.map((id, i) => ({ label: id, stroke: STROKES[i % STROKES.length], width: 1.5,
          spanGaps: false, points: { show: false } }))],
      };
      return { def, plot: new uPlot(opts, store.data(def.series), box) };
    });
  }

  update() {
    for (const c of this.charts) {
      c.plot.setData(this.store.data(c.def.series));
    }
  }

  resize(width) {
    for (const c of this.charts) {
      c.plot.setSize({ width: Math.max(300, width), height: 170 });
    }
  }
}
