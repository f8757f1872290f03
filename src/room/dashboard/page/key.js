/**
 * The instructor key, kept in this page's memory only: never in storage, and taken out of the
 * address bar as soon as it is read, so it is not left in the history or on a projected screen.
 */
let key = '';

/** Reads `#key=KEY` from the address and removes the fragment; returns the key or ''. */
export function takeKeyFromAddress() {
  const found = keyIn(location.hash);
  if (found) {
    key = found;
    history.replaceState(null, '', location.pathname + location.search);
  }
  return key;
}

/** Accepts the key itself or a whole dashboard link with `#key=` in it. */
export function setKey(typed) {
  const text = typed.trim();
  const hash = text.indexOf('#');
  key = (hash >= 0 && keyIn(text.slice(hash))) || text;
  return key;
}

export function currentKey() {
  return key;
}

function keyIn(fragment) {
  if (!fragment.startsWith('#')) return '';
  return new URLSearchParams(fragment.slice(1)).get('key')?.trim() ?? '';
}
