// Small DOM and formatting helpers. Text always goes in through text nodes, never innerHTML,
// so user and file names cannot inject markup.

/** h('li', {class: 'x', 'data-name': n, onclick: f}, child, ...) */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const $ = (id) => document.getElementById(id);

/** Shows a command's message next to where the user acted; an empty message hides it. */
export function say(element, message) {
  const text = (message || '').replace(/^error:\s*/, '');
  element.textContent = text;
  element.hidden = text === '';
}

/** Disables a button while its command runs, so a double click sends one command. */
export async function whileBusy(button, busyLabel, task) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (busyLabel) button.textContent = busyLabel;
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes) {
  if (typeof bytes !== 'number' || !isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + UNITS[unit];
}

export function formatRate(bytesPerSecond) {
  return typeof bytesPerSecond === 'number' ? formatBytes(bytesPerSecond) + '/s' : '–';
}

/** Counts that may arrive as a number or as a list of names. */
export function count(value) {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' ? value : null;
}

export const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
