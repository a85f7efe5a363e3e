import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapeHtml, jsonForScript } from '../util/escape';
import { classColors, viridis } from './colors';
import { mainValue } from './run_figures';
import { maxOf, minOf } from './svg';
import type { RunData } from './run_data';

/*
 * The interactive 3-D point view of the report, like the older tool's scene: nodes coloured by a
 * chosen field, optional edges, drag to rotate, wheel to zoom, click to read a node's values, and
 * a vertical exaggeration slider. Rendering is three.js (WebGL), whose code is inlined as text and
 * imported from blob URLs, so the page works offline from file://.
 */

// three's package exports hide build/*.min.js from require.resolve; its main entry sits beside them
const threeFile = (name: string) => readFileSync(join(dirname(require.resolve('three')), name), 'utf8').replace(/<\/script/gi, '<\\/script');

const UNLABELLED = '#cccccc';

/** A colouring the viewer offers: a colour per node, and a legend as text or as class swatches. */
interface Field { name: string; colors: string[]; legend: string | { color: string; label: string }[] }

/** The fields, in the selector's order (an array: names from data never become object keys). */
function fields(r: RunData): Field[] {
  const out: Field[] = [];
  const val = mainValue(r);
  if (val) {
    const lo = minOf(val.v), hi = maxOf(val.v);
    out.push({ name: `value: ${val.name}`, colors: Array.from(val.v, (v) => viridis((v - lo) / (hi - lo || 1), 32)), legend: `viridis, ${lo.toPrecision(3)} … ${hi.toPrecision(3)}` });
  }
  const colors = classColors(r.classes);
  const classes = r.classes.map((c, k) => ({ color: colors[k], label: c }));
  out.push({ name: 'prediction', colors: Array.from(r.pred, (k) => colors[k]), legend: classes });
  if (r.label.some((l) => l >= 0)) out.push({ name: 'label', colors: Array.from(r.label, (k) => (k < 0 ? UNLABELLED : colors[k])), legend: [...classes, { color: UNLABELLED, label: 'unlabelled' }] });
  const emax = Math.log(Math.max(2, r.classes.length));
  out.push({ name: 'entropy', colors: Array.from(r.entropy, (e) => viridis(e / emax, 32)), legend: `viridis, 0 … ${emax.toFixed(2)} nats` });
  return out;
}

export function scene3dHtml(r: RunData, maxEdges = 200_000): string {
  const f = fields(r);
  // compact payload: palette indices per field instead of a colour string per node
  const payload = {
    n: r.n, x: Array.from(r.x, (v) => +v.toFixed(2)), y: Array.from(r.y, (v) => +v.toFixed(2)), z: r.z ? Array.from(r.z, (v) => +v.toFixed(2)) : new Array(r.n).fill(0),
    group: r.group, classes: r.classes, label: Array.from(r.label), pred: Array.from(r.pred), entropy: Array.from(r.entropy, (v) => +v.toFixed(4)),
    fields: f.map((v) => {
      const palette = [...new Set(v.colors)];
      const at = new Map(palette.map((c, i) => [c, i]));
      return { palette, index: v.colors.map((c) => at.get(c)!), legend: v.legend };
    }),
    edges: Array.from(r.edges.u.subarray(0, maxEdges)).flatMap((u, e) => [u, r.edges.v[e]]),
  };
  // an option's value is its field's position; data reaches the page only as escaped text or as JSON read by textContent
  return `<section id="scene3d-section"><h2>3-D view</h2>
<div class="controls">colour by <select id="field">${f.map((v, k) => `<option value="${k}">${escapeHtml(v.name)}</option>`).join('')}</select>
<label><input type="checkbox" id="edges"> edges</label>
<label>vertical exaggeration <input type="range" id="exag" min="1" max="50" value="5"> <span id="exagv">5</span>×</label>
<span id="legend3d"></span></div>
<div id="scene3d"><canvas id="canvas3d" width="900" height="520"></canvas><div id="pick">click a point to read its values; drag to rotate, wheel to zoom</div></div>
<script type="application/json" id="scene-data">${jsonForScript(payload)}</script>
<script type="text/plain" id="three-core">${threeFile('three.core.min.js')}</script>
<script type="text/plain" id="three-module">${threeFile('three.module.min.js')}</script>
<script type="module">
const blobUrl = (src) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
try {
  const core = blobUrl(document.getElementById('three-core').textContent);
  const THREE = await import(blobUrl(document.getElementById('three-module').textContent.replaceAll('./three.core.min.js', core)));
  const D = JSON.parse(document.getElementById('scene-data').textContent);
  const canvas = document.getElementById('canvas3d');
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setClearColor(0xffffff);
  const scene = new THREE.Scene();
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const cx = mean(D.x), cy = mean(D.y), cz = mean(D.z);
  const span = D.x.reduce((a, b) => Math.max(a, b), -Infinity) - D.x.reduce((a, b) => Math.min(a, b), Infinity) || 1, spanY = D.y.reduce((a, b) => Math.max(a, b), -Infinity) - D.y.reduce((a, b) => Math.min(a, b), Infinity) || 1;
  const size = Math.max(span, spanY);
  const pos = new Float32Array(3 * D.n);
  for (let i = 0; i < D.n; i++) { pos[3 * i] = D.x[i] - cx; pos[3 * i + 1] = D.y[i] - cy; pos[3 * i + 2] = D.z[i] - cz; }
  const geom = new THREE.BufferGeometry();
  geom.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  const col = new Float32Array(3 * D.n);
  geom.setAttribute('color', new THREE.BufferAttribute(col, 3));
  const points = new THREE.Points(geom, new THREE.PointsMaterial({ size: 4, sizeAttenuation: false, vertexColors: true }));
  scene.add(points);
  const eg = new THREE.BufferGeometry();
  eg.setAttribute('position', geom.getAttribute('position'));
  eg.setIndex(D.edges);
  const edges = new THREE.LineSegments(eg, new THREE.LineBasicMaterial({ color: 0x999999, transparent: true, opacity: 0.4 }));
  edges.visible = false;
  scene.add(edges);
  const camera = new THREE.PerspectiveCamera(45, canvas.width / canvas.height, size / 1000, size * 20);
  camera.up.set(0, 0, 1);
  let theta = -Math.PI / 3, phi = Math.PI / 3, radius = size * 1.4;
  const place = () => {
    camera.position.set(radius * Math.sin(phi) * Math.cos(theta), radius * Math.sin(phi) * Math.sin(theta), radius * Math.cos(phi));
    camera.lookAt(0, 0, 0);
    renderer.render(scene, camera);
  };
  // DOM nodes and textContent only: a class name is shown, never parsed as markup
  const legendEntry = (s) => {
    const entry = document.createElement('span'), swatch = document.createElement('span');
    entry.className = 'entry';
    swatch.style.color = s.color;
    swatch.textContent = '■ ';
    entry.append(swatch, s.label);
    return entry;
  };
  const paint = () => {
    const f = D.fields[Number(document.getElementById('field').value)];
    const c = new THREE.Color();
    for (let i = 0; i < D.n; i++) { c.set(f.palette[f.index[i]]); col[3 * i] = c.r; col[3 * i + 1] = c.g; col[3 * i + 2] = c.b; }
    geom.getAttribute('color').needsUpdate = true;
    const legend = document.getElementById('legend3d');
    if (typeof f.legend === 'string') legend.textContent = f.legend;
    else legend.replaceChildren(...f.legend.map(legendEntry));
    place();
  };
  const exaggerate = () => {
    const e = Number(document.getElementById('exag').value);
    document.getElementById('exagv').textContent = e;
    points.scale.z = e; edges.scale.z = e;
    place();
  };
  document.getElementById('field').onchange = paint;
  document.getElementById('edges').onchange = (ev) => { edges.visible = ev.target.checked; place(); };
  document.getElementById('exag').oninput = exaggerate;
  let drag = null;
  canvas.onpointerdown = (ev) => { drag = { x: ev.clientX, y: ev.clientY, moved: false }; };
  canvas.onpointermove = (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    theta -= dx * 0.01; phi = Math.min(Math.PI - 0.05, Math.max(0.05, phi - dy * 0.01));
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
    document.getElementById('pick').textContent = 'node ' + i + ' (line ' + D.group[i] + '): x ' + D.x[i] + ', y ' + D.y[i] + ', z ' + D.z[i] + '; label ' + (D.label[i] >= 0 ? D.classes[D.label[i]] : '–') + '; predicted ' + D.classes[D.pred[i]] + '; entropy ' + D.entropy[i];
    window.__scene3d.picked = i;
  };
  canvas.onwheel = (ev) => { ev.preventDefault(); radius *= Math.exp(ev.deltaY * 0.001); place(); };
  const gl = renderer.getContext();
  window.__scene3d = { ok: true, points: D.n, edges: D.edges.length / 2, renderer: gl.getParameter(gl.RENDERER) };
  exaggerate();
  paint();
} catch (e) {
  document.getElementById('pick').textContent = '3-D view unavailable: ' + e.message;
  window.__scene3d = { ok: false, error: String(e) };
}
</script></section>`;
}
