// The capacity matrix: GPU rows × provider (or region, geo, market) columns, from
// /v1/summary, polled every few seconds. The browser revalidates with the ETag, so an
// unchanged matrix costs a 304. No framework, no build step, nothing from outside this origin.

const form = document.getElementById('filters');
const table = document.getElementById('matrix');
const stateEl = document.getElementById('state');
const emptyEl = document.getElementById('empty');
const bannerEl = document.getElementById('banner');

const FILTERS = ['gpu', 'provider', 'market', 'geo', 'maxPricePerGpuHour'];
const CAPACITY = new Set(['available', 'limited']);
// With GPU_RADAR_AUTH=keys the API wants a key with the read scope: open the page once as
// /#key=grk_..., and this browser keeps it (a fragment never reaches the server or its logs).
const KEY_ITEM = 'gpu-radar-api-key';
const keyFromUrl = new URLSearchParams(location.hash.slice(1)).get('key');
if (keyFromUrl) localStorage.setItem(KEY_ITEM, keyFromUrl);
const apiKey = localStorage.getItem(KEY_ITEM);
// A key typed into the address bar of an open page only changes the fragment: start over with it.
addEventListener('hashchange', () => new URLSearchParams(location.hash.slice(1)).get('key') && location.reload());
const authHeaders = apiKey ? { authorization: `Bearer ${apiKey}` } : {};

/** The error an answer carries, saying how to give a key when one is missing or refused. */
function failure(res, body) {
  if (res.status === 401) return new Error(`${body.detail || 'an API key is needed'}: open this page as /#key=<a key with the read scope>`);
  return new Error(body.detail || `HTTP ${res.status}`);
}

let gpuOrder = [];
let gpuMemory = {};
let lastOk = 0;
let timer;
let inFlight;

function settings() {
  const data = new FormData(form);
  return {
    columns: data.get('columns') || 'provider',
    refresh: Math.max(0.5, Number(data.get('refresh')) || 5),
    capacityOnly: data.get('capacityOnly') === 'on',
    filters: Object.fromEntries(FILTERS.map((f) => [f, String(data.get(f) ?? '').trim()]).filter(([, v]) => v)),
  };
}

// The URL holds the view, so a link or a reload shows the same matrix.
function fromUrl() {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of params) {
    const field = form.elements.namedItem(name);
    if (!field) continue;
    if (field.type === 'checkbox') field.checked = value === '1' || value === 'true';
    else {
      if (field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value))
        field.add(new Option(name === 'refresh' ? `${value} s` : value, value));
      field.value = value;
    }
  }
}

function toUrl() {
  const s = settings();
  const params = new URLSearchParams({ ...s.filters, columns: s.columns, refresh: String(s.refresh) });
  if (s.capacityOnly) params.set('capacityOnly', '1');
  history.replaceState(null, '', `?${params}`);
}

async function getJson(url) {
  const res = await fetch(url, { cache: 'no-cache', headers: { accept: 'application/json', ...authHeaders } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw failure(res, body);
  return body;
}

async function loadChoices() {
  try {
    const [{ gpus }, { providers }] = await Promise.all([getJson('/v1/gpus'), getJson('/v1/providers')]);
    gpuOrder = gpus.map((g) => g.id);
    gpuMemory = Object.fromEntries(gpus.map((g) => [g.id, g.memoryGiB]));
    addOptions(form.elements.namedItem('gpu'), [...new Set(gpus.filter((g) => g.offers > 0).flatMap((g) => [g.model, g.id]))]);
    addOptions(
      form.elements.namedItem('provider'),
      providers.filter((p) => p.enabled || p.scopes.length).map((p) => p.provider),
    );
    const simulated = providers.filter((p) => p.simulated).map((p) => p.provider);
    bannerEl.hidden = !simulated.length;
    bannerEl.textContent = `SIMULATED market: ${simulated.join(', ')} answer from local fakes`;
  } catch {
    // The matrix still works without the choices; the next refresh shows the error.
  }
}

function addOptions(select, values) {
  const have = new Set([...select.options].map((o) => o.value));
  for (const v of values) if (!have.has(v)) select.add(new Option(v, v));
}

async function refresh() {
  clearTimeout(timer);
  const s = settings();
  const params = new URLSearchParams({ ...s.filters, groupBy: `gpu,${s.columns}` });
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  try {
    const res = await fetch(`/v1/summary?${params}`, { cache: 'no-cache', signal: controller.signal, headers: authHeaders });
    const body = await res.json();
    if (!res.ok) throw failure(res, body);
    render(body, s);
    lastOk = Date.now();
    stateEl.classList.remove('error');
    stateEl.dataset.error = '';
  } catch (err) {
    if (err.name === 'AbortError') return;
    stateEl.classList.add('error');
    stateEl.dataset.error = err.message;
  } finally {
    showState();
    if (inFlight === controller) timer = setTimeout(refresh, s.refresh * 1000);
  }
}

function showState() {
  const age = lastOk ? Math.round((Date.now() - lastOk) / 1000) : null;
  const when = age === null ? 'never updated' : `updated ${age} s ago`;
  stateEl.textContent = stateEl.dataset.error ? `${stateEl.dataset.error} (${when}; retrying)` : when;
}

function render(body, s) {
  const col = s.columns;
  const cells = new Map(body.cells.map((c) => [`${c.gpu}\u0000${c[col]}`, c]));
  let rows = [...new Set(body.cells.map((c) => c.gpu))];
  if (s.capacityOnly) rows = rows.filter((g) => body.cells.some((c) => c.gpu === g && CAPACITY.has(c.status)));
  const rank = (g) => (gpuOrder.includes(g) ? gpuOrder.indexOf(g) : gpuOrder.length);
  rows.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const cols = [...new Set(body.cells.map((c) => c[col]))].sort();

  const head = el('tr', {}, [
    el('th', { class: 'row', scope: 'col' }, [`GPU \\ ${col}`]),
    ...cols.map((c) => el('th', { scope: 'col' }, [c])),
  ]);
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(
    ...rows.map((gpu) =>
      el('tr', {}, [
        el('th', { class: 'row', scope: 'row' }, [gpu, el('span', { class: 'mem' }, [gpuMemory[gpu] ? `${gpuMemory[gpu]} GiB` : ''])]),
        ...cols.map((c) => cell(gpu, c, cells.get(`${gpu}\u0000${c}`))),
      ]),
    ),
  );
  emptyEl.hidden = rows.length > 0;
}

function cell(gpu, col, c) {
  if (!c) return el('td', { class: 'cell none', 'data-gpu': gpu, 'data-col': col, 'data-status': 'none', title: 'no offers' }, ['—']);
  const price = CAPACITY.has(c.status) && c.minAvailablePricePerGpuHour !== null ? c.minAvailablePricePerGpuHour : c.minPricePerGpuHour;
  const capacity = c.offers.available + c.offers.limited;
  const detail = c.availableGpus !== null ? `${c.availableGpus} GPUs free` : `${capacity}/${c.offers.total} offers`;
  const title = [
    `${gpu} · ${col}: ${c.status}${c.stale ? ' (stale)' : ''}`,
    `offers: ${c.offers.available} available, ${c.offers.limited} limited, ${c.offers.unknown} unknown, ${c.offers.unavailable} unavailable`,
    c.availableGpus !== null ? `counted free GPUs: ${c.availableGpus}` : 'no provider count (yes/no, level or catalog evidence)',
    `cheapest $/GPU-h: ${money(c.minAvailablePricePerGpuHour)} with capacity, ${money(c.minPricePerGpuHour)} listed`,
    `oldest evidence: ${c.oldestObservedAt ?? '-'}`,
  ].join('\n');
  return el(
    'td',
    { class: `cell s-${c.status}${c.stale ? ' stale' : ''}`, 'data-gpu': gpu, 'data-col': col, 'data-status': c.status, title },
    [el('span', { class: 'price' }, [price === null ? 'no price' : `${money(price)}/GPU-h`]), el('span', { class: 'detail' }, [detail])],
  );
}

const money = (n) => (n === null || n === undefined ? '-' : `$${n.toFixed(2)}`);

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

form.addEventListener('change', () => {
  toUrl();
  refresh();
});
form.addEventListener('submit', (e) => e.preventDefault());
setInterval(showState, 1000);

fromUrl();
await loadChoices();
fromUrl(); // choices loaded from the API can now be selected
refresh();
