/**
 * Every stored event of a room as CSV or JSON, read from its files (so it works with the server
 * stopped): `meshwalk room export` and GET /api/export both write through here.
 */
import { csvLine, CSV_HEADER, exportRow } from '../model/export-format.js';
import { readLog, type LogReadResult } from './event-log.js';
import { eventLogPath } from './room-dir.js';

export type ExportFormat = 'csv' | 'json';

export async function exportRoom(
  dir: string,
  names: ReadonlyMap<string, string>,
  format: ExportFormat,
  write: (text: string) => void,
): Promise<LogReadResult & { events: number }> {
  let events = 0;
  write(format === 'csv' ? CSV_HEADER : '[');
  const read = await readLog(eventLogPath(dir), (r) => {
    const row = exportRow(r, names);
    write(format === 'csv' ? csvLine(row) : `${events === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
    events += 1;
  });
  if (format === 'json') write(events === 0 ? ']\n' : '\n]\n');
  return { ...read, events };
}
