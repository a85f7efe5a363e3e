/*
 * The study page's script: sorts the trials table by a clicked column, shows the chosen contour
 * pair, and, on a watched study, reloads the page on its interval, keeping the sort, the pair and
 * the scroll position. It moves existing elements only: no markup is built from data.
 */
export const STUDY_PAGE_SCRIPT = `
(() => {
  let store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }
  const storeKey = (k) => 'geo-graphnet:' + location.pathname + ':' + k;
  const save = (k, v) => { try { store && store.setItem(storeKey(k), JSON.stringify(v)); } catch (e) { /* storage full or refused: nothing to keep */ } };
  const load = (k) => { try { return store ? JSON.parse(store.getItem(storeKey(k)) || 'null') : null; } catch (e) { return null; } };

  const table = document.getElementById('trials');
  const heads = table.tHead.rows[0].cells;
  // the sort and the pair are kept by name: a rewritten page may have new columns and pairs
  const columnNamed = (name) => Array.from(heads).findIndex((h) => h.textContent === name);
  let current = [-1, 1];
  const sortBy = (col, dir) => {
    if (!(col >= 0 && col < heads.length)) return;
    const numeric = heads[col].dataset.type === 'num';
    const at = (r) => r.cells[col].dataset.sort;
    const rows = Array.from(table.tBodies[0].rows);
    rows.sort((a, b) => {
      const x = at(a), y = at(b);
      // empty cells last in either direction; ties in trial-number order
      if (x === '' || y === '') return (x === '') - (y === '') || Number(a.cells[0].dataset.sort) - Number(b.cells[0].dataset.sort);
      const c = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      return dir * c || Number(a.cells[0].dataset.sort) - Number(b.cells[0].dataset.sort);
    });
    table.tBodies[0].append(...rows);
    for (const h of heads) h.removeAttribute('aria-sort');
    heads[col].setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
    current = [col, dir];
    save('sort', [heads[col].textContent, dir]);
  };
  table.tHead.addEventListener('click', (e) => {
    const b = e.target.closest('button.sort');
    if (!b) return;
    const col = Number(b.dataset.col);
    sortBy(col, current[0] === col ? -current[1] : 1);
  });

  const pair = document.getElementById('contour-pair');
  const showPair = (k) => {
    for (const d of document.querySelectorAll('.contour')) d.hidden = d.dataset.pair !== k;
    const chosen = pair.options[pair.selectedIndex];
    if (chosen) save('pair', chosen.dataset.key);
  };
  if (pair) pair.addEventListener('change', () => showPair(pair.value));

  const sorted = load('sort');
  if (Array.isArray(sorted)) sortBy(columnNamed(String(sorted[0])), sorted[1] < 0 ? -1 : 1);
  const pairKey = load('pair');
  const option = pair ? Array.from(pair.options).find((o) => o.dataset.key === pairKey) : undefined;
  if (option) { pair.value = option.value; showPair(option.value); }

  const live = document.getElementById('live');
  const seconds = live ? Number(live.dataset.reload) : 0;
  if (seconds > 0) {
    const y = load('scroll');
    if (typeof y === 'number') window.scrollTo(0, y);
    setTimeout(() => { save('scroll', window.scrollY); location.reload(); }, seconds * 1000);
  }
  window.__study = { ready: true, reload: seconds };
})();
`;
