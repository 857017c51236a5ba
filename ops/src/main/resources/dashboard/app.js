// Operando live dashboard: one EventSource per selection; every "state" event redraws from the server's JSON.
'use strict';
(function () {
  Chart.defaults.color = '#c9d1da';
  Chart.defaults.borderColor = '#2c333d';
  Chart.defaults.animation = false;
  const COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176'];

  function lineChart(id, xLabel, yLabel) {
    return new Chart(document.getElementById(id), {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        responsive: true, maintainAspectRatio: true, aspectRatio: 1.6,
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
        scales: { x: { title: { display: true, text: xLabel } }, y: { title: { display: true, text: yLabel } } },
        plugins: { legend: { display: true, labels: { boxWidth: 10 } } }
      }
    });
  }

  const charts = {
    cv: lineChart('chart-cv', 'potential (V)', 'current (µA)'),
    it: lineChart('chart-it', 'time (s)', 'current (µA)'),
    drift: lineChart('chart-drift', 'master time (s)', 'drift (px)'),
    roi: lineChart('chart-roi', 'instrument time (s)', 'ROI mean (counts)'),
    features: lineChart('chart-features', 'potential (V)', 'feature'),
    pump: lineChart('chart-pump', 'pump delay (fs)', 'pumped − unpumped'),
    clock: lineChart('chart-clock', 'instrument time (s)', 'residual σ (ns)')
  };

  const state = { run: null, instrument: null, source: null, frameUpdates: 0, events: 0, last: null, frameVersion: -1 };
  window.operando = { state: state, charts: charts };

  const $ = (id) => document.getElementById(id);

  function points(xs, ys, yScale) {
    const k0 = yScale || 1;
    const out = new Array(Math.min(xs.length, ys.length));
    for (let k = 0; k < out.length; k++) out[k] = { x: xs[k], y: ys[k] * k0 };
    return out;
  }

  // Replaces a chart's datasets, keeping dataset objects (and their colours) by label.
  function setSeries(chart, series) {
    const byLabel = new Map(chart.data.datasets.map(d => [d.label, d]));
    chart.data.datasets = series.map((s, k) => {
      const d = byLabel.get(s.label) || { label: s.label, showLine: true, borderColor: COLORS[k % COLORS.length],
        backgroundColor: COLORS[k % COLORS.length] };
      d.data = s.data;
      if (s.showLine === false) { d.showLine = false; d.pointRadius = 2; }
      return d;
    });
    chart.update('none');
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

  function connect() {
    if (state.source) state.source.close();
    const q = new URLSearchParams();
    if (state.run) q.set('run', state.run);
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
    fillSelect($('run'), (s.runs || []).map(r => ({ value: r, label: r })), s.run);
    const imaging = (s.instruments || []).filter(i => i.imaging);
    fillSelect($('instrument'), imaging.map(i => ({ value: i.id, label: i.id + ' (' + i.modality + ')' })), s.instrument);
    if (!state.run && s.run) state.run = s.run;
    if (!state.instrument && s.instrument) state.instrument = s.instrument;
    drawFrame(s);
    drawPlots(s);
    drawHealth(s.health || {});
  }

  function drawFrame(s) {
    const f = s.frame;
    if (!f) return;
    if (f.version !== state.frameVersion) {
      $('frame').src = f.url;
      state.frameVersion = f.version;
      state.frameUpdates++;
      state.factor = f.factor;
      const c = $('roi-canvas');
      c.width = f.width; c.height = f.height;
    }
    $('frame-counter').textContent = '#' + f.sequence + ' · ' + f.rawWidth + '×' + f.rawHeight + ' px shown at 1/' + f.factor
      + ' · drawn ' + state.frameUpdates + ' · superseded ' + f.superseded;
    const overlay = $('overlay');
    if (s.overlay) {
      if (overlay.dataset.url !== s.overlay.url) { overlay.src = s.overlay.url; overlay.dataset.url = s.overlay.url; }
      overlay.hidden = false;
      $('overlay-note').textContent = 'overlay: ' + s.overlay.optical + ' (FRE ' + s.overlay.freNm.toFixed(1) + ' nm, TRE '
        + s.overlay.treNm.toFixed(1) + ' nm, ' + s.overlay.inliers + ' fiducials' + (s.overlay.driftCorrected ? ', drift-corrected' : '') + ')';
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
    const ec = s.ec || {};
    setSeries(charts.cv, Object.keys(ec).map(id => ({ label: id, data: points(ec[id].v, ec[id].i, 1e6) })));
    setSeries(charts.it, Object.keys(ec).map(id => ({ label: id, data: points(ec[id].t, ec[id].i, 1e6) })));
    const d = s.drift;
    setSeries(charts.drift, d ? [{ label: 'dx', data: points(d.t, d.dx) }, { label: 'dy', data: points(d.t, d.dy) }] : []);
    const r = s.roiSeries;
    setSeries(charts.roi, r ? [{ label: 'ROI mean', data: points(r.t, r.mean) }] : []);
    $('roi-note').hidden = !!r;
    const pairs = (obj) => Object.keys(obj || {}).map(k => ({ label: k, data: obj[k].map(p => ({ x: p[0], y: p[1] })), showLine: false }));
    const feats = pairs(s.features);
    setSeries(charts.features, feats);
    $('features-note').hidden = feats.length > 0;
    const pump = Object.keys(s.pumpProbe || {}).map(k => ({ label: k, data: s.pumpProbe[k].map(p => ({ x: p[0], y: p[1] })) }));
    setSeries(charts.pump, pump);
    $('pump-note').hidden = pump.length > 0;
    const clock = s.clock || {};
    setSeries(charts.clock, Object.keys(clock).map(id => ({ label: id, data: points(clock[id].t, clock[id].sigmaNs) })));
    $('clock-note').hidden = Object.keys(clock).length > 0;
  }

  function drawHealth(h) {
    const body = $('health').querySelector('tbody');
    body.innerHTML = '';
    const lat = h.latencyMs || {};
    const streams = h.streams || {};
    Object.keys(streams).forEach(id => {
      const s = streams[id];
      const l = lat[id];
      const tr = document.createElement('tr');
      [id, s.received, s.ratePerS, s.deadLetters, l ? l.p50 + ' / ' + l.p99 + ' / ' + l.max : '–'].forEach(v => {
        const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    $('health-summary').textContent = 'processor lag: ' + (h.lag >= 0 ? h.lag + ' records' : 'unknown')
      + ' · dashboard clients: ' + h.sseClients;
  }

  $('run').addEventListener('change', (e) => { state.run = e.target.value; state.instrument = null; state.frameVersion = -1; connect(); });
  $('instrument').addEventListener('change', (e) => { state.instrument = e.target.value; state.frameVersion = -1; connect(); });
  $('opacity').addEventListener('input', (e) => {
    $('overlay').style.opacity = e.target.value / 100;
    $('opacity-value').textContent = e.target.value + ' %';
  });
  $('overlay').style.opacity = 0.5;

  function postRoi(x, y, w, h) {
    const q = new URLSearchParams({ run: state.run || '', instrument: state.instrument || '', x: x, y: y, w: w, h: h });
    return fetch('/api/roi?' + q.toString(), { method: 'POST' });
  }
  $('roi-set').addEventListener('click', () => postRoi($('roi-x').value, $('roi-y').value, $('roi-w').value, $('roi-h').value));
  $('roi-clear').addEventListener('click', () => fetch('/api/roi?' + new URLSearchParams({ run: state.run || '', instrument: state.instrument || '', clear: 1 }), { method: 'POST' }));

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
