// Operando live dashboard: one EventSource per selection (runs + instrument); every "state" event redraws from the
// server's JSON. Every time the server sends is in seconds since the run's start on the master clock.
'use strict';
(function () {
  Chart.defaults.color = '#c9d1da';
  Chart.defaults.borderColor = '#2c333d';
  Chart.defaults.animation = false;
  const RUN_COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176'];
  const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
  const LAG_MS = 2000;

  // one colour per CV cycle: hues around the wheel, so neighbouring cycles differ
  function cycleColor(c) { return 'hsl(' + ((c * 47) % 360) + ', 75%, 62%)'; }

  function chart(id, xLabel, yLabel, extra) {
    const opts = {
      responsive: true, maintainAspectRatio: true, aspectRatio: (extra && extra.aspect) || 1.6,
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: xLabel } },
        y: { type: 'linear', title: { display: true, text: yLabel } }
      },
      plugins: { legend: { display: true, labels: { boxWidth: 10 } } }
    };
    if (extra && extra.time) opts.scales.x.min = 0;
    if (extra && extra.reverseY) opts.scales.y.reverse = true;
    if (extra && extra.aspect === 1) { opts.scales.x.ticks = { includeBounds: false }; opts.scales.y.ticks = { includeBounds: false }; }
    return new Chart(document.getElementById(id), { type: 'scatter', data: { datasets: [] }, options: opts });
  }

  const charts = {
    drift: chart('chart-drift', 'run time (s)', 'drift (px)', { time: true }),
    path: chart('chart-path', 'dx (px)', 'dy (px, down)', { aspect: 1, reverseY: true }),
    cv: chart('chart-cv', 'potential (V)', 'current (µA)'),
    it: chart('chart-it', 'run time (s)', 'current (µA)', { time: true }),
    features: chart('chart-features', 'potential (V)', 'feature'),
    clock: chart('chart-clock', 'run time (s)', 'residual σ (ns)', { time: true }),
    roi: chart('chart-roi', 'run time (s)', 'ROI mean (counts)', { time: true }),
    pump: chart('chart-pump', 'pump delay (fs)', 'pumped − unpumped')
  };
  // charts whose x axis is run time (the browser test checks they are not epoch-like)
  const TIME_CHARTS = ['drift', 'it', 'clock', 'roi'];

  const state = { runs: [], instrument: null, source: null, frameUpdates: 0, events: 0, last: null, frameVersion: -1,
    raw: false, feature: null, deadVersion: '' };
  window.operando = { state: state, charts: charts, timeCharts: TIME_CHARTS };

  const $ = (id) => document.getElementById(id);

  function points(xs, ys, yScale) {
    const k0 = yScale || 1;
    const out = [];
    const n = Math.min(xs.length, ys.length);
    for (let k = 0; k < n; k++) {
      if (xs[k] === null || ys[k] === null) continue;
      out.push({ x: xs[k], y: ys[k] * k0 });
    }
    return out;
  }

  // Replaces a chart's datasets, keeping dataset objects by label; s.color / s.dash / s.points style them.
  function setSeries(c, series) {
    const byLabel = new Map(c.data.datasets.map(d => [d.label, d]));
    c.data.datasets = series.map((s) => {
      const d = byLabel.get(s.label) || { label: s.label };
      d.data = s.data;
      d.borderColor = s.color; d.backgroundColor = s.color;
      d.borderDash = s.dash || [];
      d.borderWidth = s.width || 1.5;
      d.showLine = s.points !== true;
      d.pointRadius = s.points === true ? 2.5 : 0;
      return d;
    });
    c.update('none');
  }

  // Equal x/y scale for the drift path: both axes span the same number of pixels, centred on the data.
  function squareAxes(c) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    c.data.datasets.forEach(d => d.data.forEach(p => {
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    }));
    if (!isFinite(x0)) return;
    const half = Math.max(x1 - x0, y1 - y0, 1) * 0.55;
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    c.options.scales.x.min = cx - half; c.options.scales.x.max = cx + half;
    c.options.scales.y.min = cy - half; c.options.scales.y.max = cy + half;
    c.update('none');
  }

  function connect() {
    if (state.source) state.source.close();
    const q = new URLSearchParams();
    state.runs.forEach(r => q.append('run', r));
    if (state.instrument) q.set('instrument', state.instrument);
    const es = new EventSource('/events?' + q.toString());
    state.source = es;
    es.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'status live'; };
    es.onerror = () => { $('connection').textContent = 'reconnecting…'; $('connection').className = 'status down'; };
    es.addEventListener('state', (e) => draw(JSON.parse(e.data)));
  }

  function draw(s) {
    state.events++;
    state.last = s;
    drawRunList(s);
    const imaging = (s.instruments || []).filter(i => i.imaging);
    fillSelect($('instrument'), imaging.map(i => ({ value: i.id, label: i.id + ' (' + i.modality + ')' })), s.instrument);
    if (!state.instrument && s.instrument) state.instrument = s.instrument;
    drawAlerts(s.alerts || []);
    drawFrame(s);
    drawPlots(s);
    drawHealth(s);
    drawDeadLetters(s);
  }

  function fillSelect(select, values, current) {
    const wanted = values.map(v => v.value).join('\n');
    if (select.dataset.values !== wanted) {
      select.innerHTML = '';
      values.forEach(v => { const o = document.createElement('option'); o.value = v.value; o.textContent = v.label; select.appendChild(o); });
      select.dataset.values = wanted;
    }
    if (current != null) select.value = current;
  }

  function drawRunList(s) {
    const list = $('run-list');
    const shown = new Set(s.selected || []);
    const pending = new Set(state.runs);
    const wanted = (s.runs || []).map(r => r.id + (r.open ? 'o' : 's') + (r.loaded ? 'l' : 'i') + (shown.has(r.id) ? '+' : '-')
      + (pending.has(r.id) ? '*' : '')).join('|');
    if (list.dataset.values === wanted) return;
    list.dataset.values = wanted;
    list.innerHTML = '';
    (s.runs || []).slice().reverse().forEach(r => {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox'; box.value = r.id; box.dataset.run = r.id;
      box.checked = shown.has(r.id) || pending.has(r.id);
      box.addEventListener('change', () => toggleRun(r.id, box.checked));
      const text = document.createElement('span');
      const id = document.createElement('span'); id.className = 'run-id'; id.textContent = r.id;
      const badge = document.createElement('span'); badge.className = 'badge' + (r.open ? ' open' : '');
      badge.textContent = r.open ? 'open' : 'stopped';
      const meta = document.createElement('span'); meta.className = 'run-meta';
      const started = r.startWallMs > 0 ? new Date(r.startWallMs).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '';
      meta.textContent = [r.specimen, started, r.loaded ? '' : (pending.has(r.id) ? 'loading…' : 'not in memory: tick to load')]
        .filter(x => x).join(' · ');
      text.append(id, badge, meta);
      label.append(box, text);
      li.appendChild(label);
      list.appendChild(li);
    });
  }

  function toggleRun(id, on) {
    if (state.runs.length === 0 && state.last) state.runs = (state.last.selected || []).slice();
    state.runs = state.runs.filter(r => r !== id);
    if (on) state.runs.push(id);
    state.frameVersion = -1;
    $('run-list').dataset.values = '';
    connect();
  }

  function drawAlerts(alerts) {
    const box = $('alerts');
    const wanted = alerts.map(a => a.kind + a.run + a.text).join('\n');
    if (box.dataset.values === wanted) return;
    box.dataset.values = wanted;
    box.innerHTML = '';
    const several = (state.last.selected || []).length > 1;
    alerts.forEach(a => {
      const div = document.createElement('div');
      div.className = 'banner ' + a.kind;
      div.dataset.kind = a.kind;
      div.textContent = (several ? a.run + ': ' : '') + a.text + ' ';
      if (a.kind === 'dead') {
        const l1 = document.createElement('a'); l1.href = '#dead-letters'; l1.textContent = 'reasons';
        const l2 = document.createElement('a'); l2.href = a.href; l2.textContent = 'JSON'; l2.target = '_blank';
        div.append(l1, ' · ', l2);
      }
      box.appendChild(div);
    });
  }

  function drawFrame(s) {
    const f = s.frame;
    if (!f) return;
    const url = state.raw || !f.corrected ? f.rawUrl : f.url;
    if (f.version !== state.frameVersion || $('frame').dataset.url !== url) {
      $('frame').src = url;
      $('frame').dataset.url = url;
      if (f.version !== state.frameVersion) state.frameUpdates++;
      state.frameVersion = f.version;
      state.factor = f.factor;
      const c = $('roi-canvas');
      if (c.width !== f.width || c.height !== f.height) { c.width = f.width; c.height = f.height; }
    }
    $('frame-counter').textContent = '#' + f.sequence + ' · ' + f.rawWidth + '×' + f.rawHeight + ' px shown at 1/' + f.factor
      + ' · drawn ' + state.frameUpdates + ' · superseded ' + f.superseded;
    let note;
    if (!f.corrected) note = 'raw frame: no drift estimate for this stream';
    else if (state.raw) note = 'raw (as acquired); the drift estimate of this frame is (' + f.dxPx.toFixed(2) + ', ' + f.dyPx.toFixed(2) + ') px';
    else note = 'drift-corrected: shifted by (' + (-f.dxPx).toFixed(2) + ', ' + (-f.dyPx).toFixed(2) + ') px, the published estimate for this frame';
    if (f.newestSequence > f.sequence + 1) note += ' · newest received #' + f.newestSequence;
    $('frame-note').textContent = note;
    const overlay = $('overlay');
    if (s.overlay) {
      const ourl = state.raw || !f.corrected ? s.overlay.rawUrl : s.overlay.url;
      if (overlay.dataset.url !== ourl) { overlay.src = ourl; overlay.dataset.url = ourl; }
      overlay.hidden = false;
      $('overlay-note').textContent = 'overlay: ' + s.overlay.optical + ' registered (FRE ' + s.overlay.freNm.toFixed(1) + ' nm, TRE '
        + s.overlay.treNm.toFixed(1) + ' nm, ' + s.overlay.inliers + ' fiducials), drift-corrected';
    } else {
      overlay.hidden = true;
      $('overlay-note').textContent = s.overlayNote || '';
    }
    drawRoi(s.roi);
  }

  function drawRoi(roi) {
    const c = $('roi-canvas');
    const g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    const r = state.dragging || (roi && { x: roi.x / state.factor, y: roi.y / state.factor, w: roi.w / state.factor, h: roi.h / state.factor });
    if (!r) return;
    g.strokeStyle = '#ffeb3b'; g.lineWidth = 1.5;
    g.strokeRect(r.x, r.y, r.w, r.h);
  }

  function drawPlots(s) {
    const runs = s.selected || [];
    const several = runs.length > 1;
    const name = (run, what) => several ? run + ' · ' + what : what;
    const drift = [], path = [], cv = [], it = [], feats = [], clock = [], roi = [], pump = [];
    const featureNames = new Set();
    let mixed = false;
    runs.forEach((run, k) => {
      const r = (s.series || {})[run];
      if (!r) return;
      if (r.timeBase !== 'master') mixed = true;
      const color = RUN_COLORS[k % RUN_COLORS.length];
      const dash = DASHES[k % DASHES.length];
      const inst = run === s.run ? s.instrument : Object.keys(r.drift || {})[0];
      const d = (r.drift || {})[inst] || Object.values(r.drift || {})[0];
      if (d) {
        drift.push({ label: name(run, 'dx'), data: points(d.t, d.dx), color: several ? color : '#4fc3f7', dash: dash });
        drift.push({ label: name(run, 'dy'), data: points(d.t, d.dy), color: several ? color : '#ffb74d', dash: several ? [4, 2] : dash });
        drift.push({ label: name(run, 'dx raw'), data: points(d.t, d.rawDx), color: several ? color : '#4fc3f7', dash: [1, 3], width: 1 });
        drift.push({ label: name(run, 'dy raw'), data: points(d.t, d.rawDy), color: several ? color : '#ffb74d', dash: [1, 3], width: 1 });
        path.push({ label: name(run, 'published'), data: points(d.dx, d.dy), color: color, dash: dash });
        path.push({ label: name(run, 'raw'), data: points(d.rawDx, d.rawDy), color: color, dash: [1, 3], width: 1 });
      }
      Object.keys(r.ec || {}).forEach(id => {
        const e = r.ec[id];
        // one dataset per cycle, coloured by cycle; runs differ by dash
        const byCycle = new Map();
        for (let j = 0; j < e.v.length; j++) {
          const c = e.cycle[j];
          if (!byCycle.has(c)) byCycle.set(c, []);
          byCycle.get(c).push({ x: e.v[j], y: e.i[j] * 1e6 });
        }
        byCycle.forEach((pts, c) => cv.push({ label: name(run, (Object.keys(r.ec).length > 1 ? id + ' ' : '') + 'cycle ' + c),
          data: pts, color: cycleColor(c), dash: dash }));
        it.push({ label: name(run, id), data: points(e.t, e.i, 1e6), color: color, dash: dash });
      });
      const fi = (r.features || {})[inst] || {};
      Object.keys(fi).forEach(n => featureNames.add(n));
      const fname = state.feature && fi[state.feature] ? state.feature : Object.keys(fi)[0];
      if (fname) {
        const f = fi[fname];
        const byCycle = new Map();
        for (let j = 0; j < f.v.length; j++) {
          const c = f.cycle[j];
          if (!byCycle.has(c)) byCycle.set(c, []);
          byCycle.get(c).push({ x: f.v[j], y: f.y[j] });
        }
        byCycle.forEach((pts, c) => feats.push({ label: name(run, 'cycle ' + c), data: pts, color: cycleColor(c), points: true }));
      }
      Object.keys(r.clock || {}).forEach((id, j) => clock.push({ label: name(run, id), data: points(r.clock[id].t, r.clock[id].sigmaNs),
        color: several ? color : RUN_COLORS[j % RUN_COLORS.length], dash: dash }));
      const ro = (r.roiSeries || {})[inst];
      if (ro) roi.push({ label: name(run, 'ROI mean'), data: points(ro.t, ro.mean), color: color });
      const pp = (r.pumpProbe || {})[inst] || {};
      Object.keys(pp).forEach(n => pump.push({ label: name(run, n), data: pp[n].map(p => ({ x: p[0], y: p[1] })), color: color }));
    });
    setSeries(charts.drift, drift);
    setSeries(charts.path, path);
    squareAxes(charts.path);
    setSeries(charts.cv, cv);
    charts.cv.options.plugins.legend.display = cv.length <= 12;
    $('cv-note').textContent = 'whole run, one colour per cycle' + (cv.length > 12 ? ' (' + cv.length + ' cycles; legend hidden)' : '');
    setSeries(charts.it, it);
    fillSelect($('feature'), Array.from(featureNames).map(n => ({ value: n, label: n })), state.feature);
    if (!state.feature && featureNames.size) state.feature = Array.from(featureNames)[0];
    charts.features.options.scales.y.title.text = state.feature || 'feature';
    setSeries(charts.features, feats);
    $('features-note').hidden = feats.length > 0;
    setSeries(charts.clock, clock);
    $('clock-note').hidden = clock.length > 0;
    setSeries(charts.roi, roi);
    $('roi-note').hidden = roi.length > 0;
    setSeries(charts.pump, pump);
    $('pump-note').hidden = pump.length > 0;
    TIME_CHARTS.forEach(k => {
      charts[k].options.scales.x.title.text = mixed ? 'run time (s; instrument clock where no clock model yet)' : 'run time (s)';
    });
  }

  function drawHealth(s) {
    const body = $('health').querySelector('tbody');
    body.innerHTML = '';
    (s.health || []).forEach(row => {
      const tr = document.createElement('tr');
      const cells = [
        [row.run, ''], [row.stream, ''], [row.received, 'num'], [row.ratePerS.toFixed(1), 'num'],
        [row.silentS === undefined ? '–' : row.silentS.toFixed(1) + ' s ago', 'num' + (row.open && row.silentS > 5 ? ' bad' : '')],
        [row.deadLetters, 'num' + (row.deadLetters > 0 ? ' bad' : '')],
        [row.p50Ms === undefined ? '–' : Math.round(row.p50Ms) + ' / ' + Math.round(row.p99Ms), 'num' + (row.p50Ms > LAG_MS ? ' bad' : '')]
      ];
      cells.forEach(([v, cls]) => { const td = document.createElement('td'); td.textContent = v; td.className = cls; tr.appendChild(td); });
      body.appendChild(tr);
    });
    const p = s.pipeline || {};
    $('health-summary').textContent = 'processor lag: ' + (s.lag >= 0 ? s.lag + ' records' : 'unknown')
      + ' · dashboard clients: ' + p.sseClients + ' · latency: publish → seen by the dashboard, whole run';
  }

  function drawDeadLetters(s) {
    const dead = (s.alerts || []).filter(a => a.kind === 'dead');
    const key = dead.map(a => a.run + ':' + a.count).join(',');
    if (key === state.deadVersion) return;
    state.deadVersion = key;
    $('dead-count').textContent = dead.length ? dead.reduce((n, a) => n + a.count, 0) + ' (newest first)' : 'none';
    Promise.all(dead.map(a => fetch(a.href).then(r => r.json()))).then(lists => {
      const body = $('dead-table').querySelector('tbody');
      body.innerHTML = '';
      lists.forEach(l => (l.newest || []).forEach(d => {
        const tr = document.createElement('tr');
        [l.run, d.instrumentId, d.stage, d.reasonCode, d.reason, d.topic + '/' + d.partition + '@' + d.offset].forEach((v, j) => {
          const td = document.createElement('td'); td.textContent = v; if (j === 4) td.className = 'reason'; tr.appendChild(td);
        });
        body.appendChild(tr);
      }));
    });
  }

  $('instrument').addEventListener('change', (e) => { state.instrument = e.target.value; state.frameVersion = -1; connect(); });
  $('feature').addEventListener('change', (e) => { state.feature = e.target.value; if (state.last) drawPlots(state.last); });
  $('raw').addEventListener('change', (e) => { state.raw = e.target.checked; if (state.last) drawFrame(state.last); });
  $('opacity').addEventListener('input', (e) => {
    $('overlay').style.opacity = e.target.value / 100;
    $('opacity-value').textContent = e.target.value + ' %';
  });
  $('overlay').style.opacity = 0.5;

  function focus() { return (state.last && state.last.run) || ''; }
  function postRoi(x, y, w, h) {
    const q = new URLSearchParams({ run: focus(), instrument: state.instrument || '', x: x, y: y, w: w, h: h });
    return fetch('/api/roi?' + q.toString(), { method: 'POST' });
  }
  $('roi-set').addEventListener('click', () => postRoi($('roi-x').value, $('roi-y').value, $('roi-w').value, $('roi-h').value));
  $('roi-clear').addEventListener('click', () => fetch('/api/roi?' + new URLSearchParams({ run: focus(), instrument: state.instrument || '', clear: 1 }), { method: 'POST' }));

  // Drawing a ROI: canvas pixels are displayed-frame pixels; raw = displayed × factor.
  const canvas = $('roi-canvas');
  function canvasPoint(e) {
    const b = canvas.getBoundingClientRect();
    return { x: (e.clientX - b.left) * canvas.width / b.width, y: (e.clientY - b.top) * canvas.height / b.height };
  }
  canvas.addEventListener('mousedown', (e) => { const p = canvasPoint(e); state.dragStart = p; state.dragging = { x: p.x, y: p.y, w: 0, h: 0 }; });
  canvas.addEventListener('mousemove', (e) => {
    if (!state.dragStart) return;
    const p = canvasPoint(e); const s0 = state.dragStart;
    state.dragging = { x: Math.min(s0.x, p.x), y: Math.min(s0.y, p.y), w: Math.abs(p.x - s0.x), h: Math.abs(p.y - s0.y) };
    drawRoi(null);
  });
  canvas.addEventListener('mouseup', () => {
    const r = state.dragging; state.dragStart = null; state.dragging = null;
    if (!r || r.w < 1 || r.h < 1) return;
    const f = state.factor || 1;
    const raw = [Math.round(r.x * f), Math.round(r.y * f), Math.max(1, Math.round(r.w * f)), Math.max(1, Math.round(r.h * f))];
    ['roi-x', 'roi-y', 'roi-w', 'roi-h'].forEach((id, k) => { $(id).value = raw[k]; });
    postRoi(raw[0], raw[1], raw[2], raw[3]);
  });

  connect();
})();
