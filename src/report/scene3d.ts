import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapeHtml, jsonForScript } from '../util/escape';
import { classColors, viridis } from './colors';
import { ordinal } from './svg';
import { mainValue } from './run_figures';
import type { RunData } from './run_data';

/*
 * The interactive 3-D point view of the report, like the older tool's scene and the parts of
 * pyvista's an interpreter reaches for: colour by any field (with a scalar bar or class swatches),
 * axes with coordinate and elevation ticks, rotate (drag), pan (shift-drag or right-drag), zoom
 * (wheel), a clipping plane across x, y or z, thresholds by predicted class and by entropy, a
 * vertical exaggeration slider with the camera refitted to the data, click to read a node. Rendering
 * is three.js (WebGL), inlined as text and imported from blob URLs, so the page works offline from
 * file://. Node arrays travel as base64 typed arrays; above POINT_BUDGET nodes an even sample is
 * drawn and the page says how many were left out.
 */

// three's package exports hide build/*.min.js from require.resolve; its main entry sits beside them
const threeFile = (name: string) => readFileSync(join(dirname(require.resolve('three')), name), 'utf8').replace(/<\/script/gi, '<\\/script');

const UNLABELLED = '#cccccc';
/** Points drawn at most: a larger survey is sampled evenly (every k-th node). */
export const POINT_BUDGET = 250_000;
/** Value fields offered at most (the first features). */
const MAX_VALUE_FIELDS = 8;

/** A colouring: per node a palette index (classes) or a value scaled to 0..255 (continuous, with its range). */
type Field = { name: string; kind: 'classes'; index: Uint8Array; legend: { color: string; label: string }[] }
  | { name: string; kind: 'scalar'; level: Uint8Array; lo: number; hi: number; unit: string };

/** Values to 0..254 over [lo, hi] (NaN to 255, drawn grey by the page); lo and hi from the finite values unless `from` fixes lo. */
function levels(v: ArrayLike<number>, pick: Int32Array, from: number | null = null): { level: Uint8Array; lo: number; hi: number } {
  let lo = Infinity, hi = -Infinity;
  for (const i of pick) if (Number.isFinite(v[i])) { lo = Math.min(lo, v[i]); hi = Math.max(hi, v[i]); }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (from !== null) lo = from;
  const level = Uint8Array.from(pick, (i) => (Number.isFinite(v[i]) ? Math.round((254 * (v[i] - lo)) / (hi - lo || 1)) : 255));
  return { level, lo, hi };
}

/** The fields, in the selector's order (an array: names from data never become object keys). */
function fields(r: RunData, pick: Int32Array, entropy: ReturnType<typeof levels>): Field[] {
  const out: Field[] = [];
  const main = mainValue(r);
  const names = [...r.values.keys()].filter((k) => !k.startsWith('is_')).slice(0, MAX_VALUE_FIELDS);
  for (const name of names) {
    const v = main && name === main.name ? main.v : r.values.get(name)!;
    out.push({ name: `value: ${name}`, kind: 'scalar', ...levels(v, pick), unit: r.units[name] ?? '' });
  }
  const colors = classColors(r.classes);
  const classes = r.classes.map((c, k) => ({ color: colors[k], label: c }));
  out.push({ name: 'prediction', kind: 'classes', index: Uint8Array.from(pick, (i) => r.pred[i]), legend: classes });
  if (r.label.some((l) => l >= 0)) out.push({ name: 'label', kind: 'classes', index: Uint8Array.from(pick, (i) => (r.label[i] < 0 ? classes.length : r.label[i])), legend: [...classes, { color: UNLABELLED, label: 'unlabelled' }] });
  out.push({ name: 'entropy', kind: 'scalar', ...entropy, unit: 'nats' });
  return out;
}

/** A typed array as base64 of its bytes (little-endian, as the page reads it back). */
const b64 = (a: Float32Array | Uint8Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The viridis ramp as 256 hex colours: the page colours scalar fields by level. */
const RAMP = Array.from({ length: 256 }, (_, k) => viridis(k / 254, 256));

export function scene3dHtml(r: RunData, maxEdges = 200_000): string {
  // an even sample above the budget: every k-th node, k the smallest that fits
  const step = Math.max(1, Math.ceil(r.n / POINT_BUDGET));
  const pick = Int32Array.from({ length: Math.ceil(r.n / step) }, (_, k) => k * step);
  const at = new Int32Array(r.n).fill(-1);
  pick.forEach((i, k) => { at[i] = k; });
  const m = pick.length;
  const centre = [r.x, r.y, r.z ?? new Float64Array(r.n)].map((a) => { let lo = Infinity, hi = -Infinity; for (const i of pick) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); } return (lo + hi) / 2; });
  const xyz = new Float32Array(3 * m);
  pick.forEach((i, k) => { xyz[3 * k] = r.x[i] - centre[0]; xyz[3 * k + 1] = r.y[i] - centre[1]; xyz[3 * k + 2] = (r.z ? r.z[i] : 0) - centre[2]; });
  const edges: number[] = [];
  for (let e = 0; e < r.edges.u.length && edges.length < 2 * maxEdges; e++) {
    const a = at[r.edges.u[e]], b = at[r.edges.v[e]];
    if (a >= 0 && b >= 0) edges.push(a, b);
  }
  // entropy from 0: a colouring, and the threshold slider's scale
  const entropy = levels(r.entropy, pick, 0);
  const f = fields(r, pick, entropy);
  const groups = [...new Set(r.group)];
  const groupIndex = new Map(groups.map((g, k) => [g, k]));
  const payload = {
    n: m, total: r.n, step, centre, hasZ: r.z !== null, classes: r.classes, ramp: RAMP,
    xyz: b64(xyz), node: b64(Uint32Array.from(pick)), group: groups, groupOf: b64(Uint32Array.from(pick, (i) => groupIndex.get(r.group[i])!)),
    pred: b64(Uint8Array.from(pick, (i) => r.pred[i])), label: b64(Uint8Array.from(pick, (i) => (r.label[i] < 0 ? 255 : r.label[i]))),
    entropy: b64(entropy.level), entropyMax: entropy.hi,
    fields: f.map((v) => (v.kind === 'classes' ? { name: v.name, kind: v.kind, index: b64(v.index), legend: v.legend } : { name: v.name, kind: v.kind, level: b64(v.level), lo: v.lo, hi: v.hi, unit: v.unit })),
    edges: b64(Uint32Array.from(edges)),
  };
  const sampled = step > 1 ? `<p class="note">${r.n.toLocaleString('en')} nodes: every ${ordinal(step)} is drawn (${m.toLocaleString('en')} points), the rest left out of the 3-D view to keep the report small; predictions.csv and nodes.vtu hold them all.</p>` : '';
  // an option's value is its field's position; data reaches the page only as escaped text or as JSON read by textContent
  return `<section id="scene3d-section"><h2>3-D view</h2>${sampled}
<div class="controls">colour by <select id="field">${f.map((v, k) => `<option value="${k}">${escapeHtml(v.name)}</option>`).join('')}</select>
<label><input type="checkbox" id="edges"> edges</label>
<label>vertical exaggeration <input type="range" id="exag" min="1" max="50" value="5"> <span id="exagv">5</span>×</label>
<label>clip <select id="clipaxis"><option value="">none</option><option value="0">x</option><option value="1">y</option>${r.z ? '<option value="2">z</option>' : ''}</select>
<input type="range" id="clippos" min="0" max="1000" value="500"> <span id="clipv"></span></label>
<label>entropy ≤ <input type="range" id="entmax" min="0" max="255" value="255"> <span id="entv"></span></label>
<button id="fit" type="button">fit view</button></div>
<div class="controls" id="classes3d">show predicted: ${r.classes.map((c, k) => `<label><input type="checkbox" class="cls3d" value="${k}" checked> ${escapeHtml(c)}</label>`).join(' ')}</div>
<div id="scene3d" style="position:relative"><canvas id="canvas3d" width="900" height="560"></canvas><div id="ticks3d" style="position:absolute;left:0;top:0;width:900px;height:560px;pointer-events:none;font-size:10px"></div>
<div id="bar3d" style="position:absolute;right:8px;top:8px;font-size:11px;background:#fffc;padding:4px"></div>
<div id="pick">click a point to read its values; drag to rotate, shift-drag or right-drag to pan, wheel to zoom</div></div>
<script type="application/json" id="scene-data">${jsonForScript(payload)}</script>
<script type="text/plain" id="three-core">${threeFile('three.core.min.js')}</script>
<script type="text/plain" id="three-module">${threeFile('three.module.min.js')}</script>
<script type="module">
const blobUrl = (src) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
const bytes = (b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
const f32 = (b) => new Float32Array(bytes(b).buffer), u32 = (b) => new Uint32Array(bytes(b).buffer);
try {
  const core = blobUrl(document.getElementById('three-core').textContent);
  const THREE = await import(blobUrl(document.getElementById('three-module').textContent.replaceAll('./three.core.min.js', core)));
  const D = JSON.parse(document.getElementById('scene-data').textContent);
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas3d');
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setClearColor(0xffffff);
  renderer.localClippingEnabled = true;
  const scene = new THREE.Scene();
  const pos = f32(D.xyz), node = u32(D.node), groupOf = u32(D.groupOf), pred = bytes(D.pred), label = bytes(D.label), ent = bytes(D.entropy);
  const fieldData = D.fields.map((f) => (f.kind === 'classes' ? bytes(f.index) : bytes(f.level)));
  const lo = [0, 1, 2].map((a) => { let m = Infinity; for (let i = a; i < pos.length; i += 3) m = Math.min(m, pos[i]); return m; });
  const hi = [0, 1, 2].map((a) => { let m = -Infinity; for (let i = a; i < pos.length; i += 3) m = Math.max(m, pos[i]); return m; });
  const size = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1);
  const geom = new THREE.BufferGeometry();
  geom.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  const col = new Float32Array(pos.length);
  geom.setAttribute('color', new THREE.BufferAttribute(col, 3));
  const clip = new THREE.Plane(new THREE.Vector3(1, 0, 0), 0);
  const material = new THREE.PointsMaterial({ size: 4, sizeAttenuation: false, vertexColors: true, clippingPlanes: [] });
  const points = new THREE.Points(geom, material);
  scene.add(points);
  const eg = new THREE.BufferGeometry();
  eg.setAttribute('position', geom.getAttribute('position'));
  eg.setIndex(new THREE.BufferAttribute(u32(D.edges), 1));
  const edges = new THREE.LineSegments(eg, new THREE.LineBasicMaterial({ color: 0x999999, transparent: true, opacity: 0.4, clippingPlanes: [] }));
  edges.visible = false;
  scene.add(edges);
  // the axes: a box around the data with ticks in survey coordinates and elevation
  const box = new THREE.Box3Helper(new THREE.Box3(new THREE.Vector3(...lo), new THREE.Vector3(...hi)), 0x666666);
  scene.add(box);
  const camera = new THREE.PerspectiveCamera(45, canvas.width / canvas.height, size / 1000, size * 50);
  camera.up.set(0, 0, 1);
  const target = new THREE.Vector3();
  let theta = -Math.PI / 3, phi = Math.PI / 3, radius = size * 1.4, exag = 5;
  const niceTicks = (a, b) => { const raw = (b - a) / 4, mag = 10 ** Math.floor(Math.log10(raw || 1)), st = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw); const out = []; for (let v = Math.ceil(a / st) * st; v <= b + st * 1e-9; v += st) out.push(+v.toPrecision(10)); return out; };
  const tickLabels = () => {
    const layer = $('ticks3d');
    const items = [];
    const put = (p, text) => {
      const v = p.clone().project(camera);
      if (v.z > 1) return;
      const el = document.createElement('span');
      el.style.position = 'absolute';
      el.style.left = ((v.x + 1) / 2 * canvas.width) + 'px';
      el.style.top = ((1 - v.y) / 2 * canvas.height) + 'px';
      el.textContent = text;
      items.push(el);
    };
    // x along the front bottom edge, y along the side, elevation up a vertical edge (at the exaggeration drawn)
    for (const t of niceTicks(lo[0] + D.centre[0], hi[0] + D.centre[0])) put(new THREE.Vector3(t - D.centre[0], lo[1], lo[2] * exag), 'x ' + t);
    for (const t of niceTicks(lo[1] + D.centre[1], hi[1] + D.centre[1])) put(new THREE.Vector3(hi[0], t - D.centre[1], lo[2] * exag), 'y ' + t);
    if (D.hasZ) for (const t of niceTicks(lo[2] + D.centre[2], hi[2] + D.centre[2])) put(new THREE.Vector3(lo[0], lo[1], (t - D.centre[2]) * exag), 'z ' + t);
    layer.replaceChildren(...items);
    window.__scene3d.ticks = items.length;
  };
  const place = () => {
    camera.position.set(target.x + radius * Math.sin(phi) * Math.cos(theta), target.y + radius * Math.sin(phi) * Math.sin(theta), target.z + radius * Math.cos(phi));
    camera.lookAt(target);
    renderer.render(scene, camera);
    tickLabels();
  };
  // the camera fitted to the data as drawn (its exaggeration included)
  const fit = () => {
    const half = Math.hypot(hi[0] - lo[0], hi[1] - lo[1], (hi[2] - lo[2]) * exag) / 2;
    target.set((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, ((lo[2] + hi[2]) / 2) * exag);
    radius = half / Math.sin((camera.fov * Math.PI) / 360) * 1.05;
    camera.far = radius * 10; camera.near = radius / 1000; camera.updateProjectionMatrix();
    place();
  };
  const swatch = (color, text) => { const e = document.createElement('div'), s = document.createElement('span'); s.style.color = color; s.textContent = '■ '; e.append(s, text); return e; };
  const paint = () => {
    const k = Number($('field').value), f = D.fields[k], data = fieldData[k];
    const c = new THREE.Color();
    const classColor = f.kind === 'classes' ? f.legend.map((l) => new THREE.Color(l.color)) : null;
    const ramp = D.ramp.map((h) => new THREE.Color(h)), grey = new THREE.Color('${UNLABELLED}');
    for (let i = 0; i < D.n; i++) {
      const v = data[i];
      c.copy(classColor ? classColor[v] : v === 255 ? grey : ramp[v]);
      col[3 * i] = c.r; col[3 * i + 1] = c.g; col[3 * i + 2] = c.b;
    }
    geom.getAttribute('color').needsUpdate = true;
    // the scalar bar or the class swatches, built from text nodes only
    const bar = $('bar3d');
    if (classColor) bar.replaceChildren(...f.legend.map((l) => swatch(l.color, l.label)));
    else {
      const g = document.createElement('div');
      g.style.width = '14px'; g.style.height = '140px';
      g.style.background = 'linear-gradient(to top,' + D.ramp.filter((_, j) => j % 32 === 0 || j === 254).join(',') + ')';
      const top = document.createElement('div'), bottom = document.createElement('div'), unit = document.createElement('div');
      top.textContent = f.hi.toPrecision(3); bottom.textContent = f.lo.toPrecision(3); unit.textContent = f.unit;
      bar.replaceChildren(unit, top, g, bottom);
    }
    window.__scene3d.field = f.name;
    place();
  };
  // thresholds: the points drawn are those of the checked classes under the entropy limit (an index buffer)
  const filter = () => {
    const show = new Set([...document.querySelectorAll('.cls3d')].filter((b) => b.checked).map((b) => Number(b.value)));
    const limit = Number($('entmax').value);
    $('entv').textContent = (limit / 254 * D.entropyMax).toFixed(2);
    const keep = [];
    for (let i = 0; i < D.n; i++) if (show.has(pred[i]) && ent[i] <= limit) keep.push(i);
    geom.setIndex(new THREE.BufferAttribute(Uint32Array.from(keep), 1));
    window.__scene3d.shown = keep.length;
    place();
  };
  const clipping = () => {
    const axis = $('clipaxis').value;
    if (axis === '') { material.clippingPlanes = []; edges.material.clippingPlanes = []; $('clipv').textContent = ''; window.__scene3d.clip = null; place(); return; }
    const a = Number(axis), t = Number($('clippos').value) / 1000;
    const cut = lo[a] + t * (hi[a] - lo[a]);
    const normal = new THREE.Vector3(a === 0 ? -1 : 0, a === 1 ? -1 : 0, a === 2 ? -1 : 0);
    // keeps what lies below the cut (west of x, south of y, beneath z); z in exaggerated units
    clip.set(normal, a === 2 ? cut * exag : cut);
    material.clippingPlanes = [clip]; edges.material.clippingPlanes = [clip];
    $('clipv').textContent = ['x', 'y', 'z'][a] + ' ≤ ' + (cut + D.centre[a]).toFixed(1);
    window.__scene3d.clip = { axis: a, at: cut + D.centre[a] };
    place();
  };
  const exaggerate = () => {
    exag = Number($('exag').value);
    $('exagv').textContent = exag;
    points.scale.z = exag; edges.scale.z = exag; box.scale.z = exag;
    clipping();
    fit();
  };
  $('field').onchange = paint;
  $('edges').onchange = (ev) => { edges.visible = ev.target.checked; place(); };
  $('exag').oninput = exaggerate;
  $('clipaxis').onchange = clipping;
  $('clippos').oninput = clipping;
  $('entmax').oninput = filter;
  for (const b of document.querySelectorAll('.cls3d')) b.onchange = filter;
  $('fit').onclick = fit;
  let drag = null;
  canvas.oncontextmenu = (ev) => ev.preventDefault();
  canvas.onpointerdown = (ev) => { drag = { x: ev.clientX, y: ev.clientY, moved: false, pan: ev.shiftKey || ev.button === 2 }; };
  canvas.onpointermove = (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    if (drag.pan) {
      // move the target in the view plane, by the distance a pixel spans at the target
      const perPx = (2 * radius * Math.tan((camera.fov * Math.PI) / 360)) / canvas.height;
      const right = new THREE.Vector3().setFromMatrixColumn(camera.matrix, 0), up = new THREE.Vector3().setFromMatrixColumn(camera.matrix, 1);
      target.addScaledVector(right, -dx * perPx).addScaledVector(up, dy * perPx);
    } else {
      theta -= dx * 0.01; phi = Math.min(Math.PI - 0.05, Math.max(0.05, phi - dy * 0.01));
    }
    drag.x = ev.clientX; drag.y = ev.clientY;
    place();
  };
  canvas.onpointerup = (ev) => {
    const moved = drag && drag.moved;
    drag = null;
    if (moved) return;
    const rect = canvas.getBoundingClientRect();
    const ray = new THREE.Raycaster();
    ray.params.Points.threshold = size / 200;
    ray.setFromCamera(new THREE.Vector2(((ev.clientX - rect.left) / rect.width) * 2 - 1, -((ev.clientY - rect.top) / rect.height) * 2 + 1), camera);
    const hit = ray.intersectObject(points)[0];
    if (!hit) return;
    const i = hit.index;
    const p = [0, 1, 2].map((a) => (pos[3 * i + a] + D.centre[a]).toFixed(2));
    $('pick').textContent = 'node ' + node[i] + ' (line ' + D.group[groupOf[i]] + '): x ' + p[0] + ', y ' + p[1] + ', z ' + p[2] + '; label ' + (label[i] !== 255 ? D.classes[label[i]] : '–') + '; predicted ' + D.classes[pred[i]] + '; entropy ' + (ent[i] / 254 * D.entropyMax).toFixed(3);
    window.__scene3d.picked = node[i];
  };
  canvas.onwheel = (ev) => { ev.preventDefault(); radius *= Math.exp(ev.deltaY * 0.001); place(); };
  const gl = renderer.getContext();
  window.__scene3d = { ok: true, points: D.n, total: D.total, edges: eg.index.count / 2, renderer: gl.getParameter(gl.RENDERER) };
  paint();
  filter();
  exaggerate();
} catch (e) {
  document.getElementById('pick').textContent = '3-D view unavailable: ' + e.message;
  window.__scene3d = { ok: false, error: String(e) };
}
</script></section>`;
}
