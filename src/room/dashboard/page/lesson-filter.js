import { el } from './dom.js';

/**
 * The lesson select: '' lets the server show the lesson most participants are in. The choice is
 * kept in the address as `?lesson=ID`, so a reload (with the key pasted again) shows the same one.
 */
export function renderLessonFilter(select, state, chosen) {
  const options = [
    el('option', { value: '', text: 'The lesson most participants are in' }),
    ...state.lessons.map((lesson) => el('option', { value: lesson.id, text: lesson.title })),
  ];
  if (select.options.length !== options.length || [...select.options].some((o, i) => o.value !== options[i].value)) {
    select.replaceChildren(...options);
  }
  select.value = chosen;
}

/** Writes `?lesson=` into the address without reloading. */
export function rememberLesson(lesson) {
  const url = new URL(location.href);
  if (lesson) url.searchParams.set('lesson', lesson);
  else url.searchParams.delete('lesson');
  history.replaceState(null, '', url.pathname + url.search);
}

export function lessonFromAddress() {
  return new URLSearchParams(location.search).get('lesson') ?? '';
}
