/**
 * Builds DOM nodes. Text goes in only as text nodes and attribute values, never as markup, so a
 * participant named `<script>` is shown as those characters.
 *
 * `props`: `className`, `text` (the node's textContent), `on<event>` (a listener), `hidden` and any
 * other attribute (`true` sets it empty, `false`/`undefined` leaves it out).
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'hidden') node.hidden = true;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

/**
 * Replaces a container's children and gives focus back to the control that had it (matched by
 * `data-focus-key`), so a keyboard user is not thrown to the top of the page by a live update.
 */
export function replaceKeepingFocus(container, children) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  container.replaceChildren(...children);
  if (key === undefined) return;
  for (const node of container.querySelectorAll('[data-focus-key]')) {
    if (node instanceof HTMLElement && node.dataset.focusKey === key) node.focus();
  }
}
