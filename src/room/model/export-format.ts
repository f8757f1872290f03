import type { LogRecord } from './log-record.js';

/** One exported event: the stored record, flat, with the participant's name. */
export interface ExportRow {
  participant: string;
  name: string;
  received: number;
  seq: number;
  at: number;
  type: string;
  lesson: string;
  step?: string;
  attempts?: number;
  elapsedMs?: number;
  reason?: string;
  outcome?: string;
}

export function exportRow(r: LogRecord, names: ReadonlyMap<string, string>): ExportRow {
  const { seq, at, ...body } = r.event;
  return { participant: r.participant, name: names.get(r.participant) ?? '', received: r.received, seq, at, ...body };
}

const COLUMNS = [
  'participant',
  'name',
  'seq',
  'at',
  'received',
  'type',
  'lesson',
  'step',
  'attempts',
  'elapsedMs',
  'reason',
  'outcome',
] as const;

/** RFC 4180 lines end in CR LF. */
export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/** One CSV line; times as ISO 8601 (UTC), which spreadsheets read as dates. */
export function csvLine(row: ExportRow): string {
  const cells = COLUMNS.map((c) => {
    const v = row[c];
    if (v === undefined) return '';
    if (c === 'at' || c === 'received') return new Date(v as number).toISOString();
    return String(v);
  });
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A cell quoted where RFC 4180 needs it, and defused where a spreadsheet would run it: a cell
 * starting with = + - @ (or a tab or CR) is a formula to Excel, LibreOffice and Google Sheets,
 * so it gets a leading apostrophe (OWASP, "CSV Injection").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
