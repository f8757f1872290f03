const STORAGE_KEY = 'meshwalk.room.largeText';

/** The projector toggle: big type for the whole page, remembered in localStorage. */
export function setupLargeText(button) {
  const apply = (on) => {
    document.documentElement.classList.toggle('large-text', on);
    button.setAttribute('aria-pressed', String(on));
  };
  let on = read() === '1';
  apply(on);
  button.addEventListener('click', () => {
    on = !on;
    apply(on);
    write(on ? '1' : '0');
  });
}

// Storage can be switched off in a browser; the toggle then still works for this page.
function read() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function write(value) {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Not remembered; nothing else depends on it.
  }
}
