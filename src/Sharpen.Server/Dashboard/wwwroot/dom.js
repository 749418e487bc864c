// Building the page from data without ever parsing data as HTML: text always goes in as text nodes.

/** Creates `<tag>` with attributes (`on*` functions become listeners, `dataset` an object) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map(asNode));
  return element;
}

/** The same for SVG elements. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(element, attributes);
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map(asNode));
  return element;
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function asNode(child) {
  return child instanceof Node ? child : document.createTextNode(String(child));
}

/** A table with a header row; `rows` are arrays of cells (nodes or text) or `{ cells, attributes }`. */
export function table(attributes, headers, rows) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, headers.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.map((row) => Array.isArray(row)
      ? h('tr', {}, row.map((cell) => h('td', {}, cell)))
      : h('tr', row.attributes, row.cells.map((cell) => h('td', {}, cell))))));
}

/** A Unix-second timestamp as local date and time; an em dash for null. */
export function time(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '—';
}

/** A number with at most `digits` decimals; an em dash for null. */
export function num(value, digits = 4) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** A byte count in B/KiB/MiB. */
export function bytes(count) {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`;
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}

/** A status badge whose class and test id follow the status. */
export function statusBadge(status, attributes = {}) {
  return h('span', { class: `status status-${status}`, ...attributes }, status);
}

/** An error paragraph announced to screen readers. */
export function errorText(error, testId = 'error') {
  return h('p', { class: 'error', role: 'alert', 'data-testid': testId }, error?.message ?? String(error));
}
