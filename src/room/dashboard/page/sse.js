/**
 * An incremental `text/event-stream` parser: feed it decoded text in any chunks, it calls
 * `onEvent({ event, data })` once per complete event. Lines may end in LF, CR or CRLF (a CRLF split
 * across two chunks counts once); `:` lines are comments; several `data:` lines join with LF.
 */
export function createSseParser(onEvent) {
  let buffer = '';
  let event = '';
  let data = [];
  const takeLine = (line) => {
    if (line === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    const heldCr = buffer.endsWith('\r');
    if (heldCr) buffer = buffer.slice(0, -1);
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = (lines.pop() ?? '') + (heldCr ? '\r' : '');
    for (const line of lines) takeLine(line);
  };
}
