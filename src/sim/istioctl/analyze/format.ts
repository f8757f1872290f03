/**
 * The three output formats of `istioctl analyze -o` (istioctl/pkg/util/formatting/formatter.go): `log` lines
 * (the level coloured on request), `json` (Go's MarshalIndent with tabs, keys sorted, HTML characters escaped)
 * and `yaml`, each message as Message.Unstructured shows it.
 */
import { type Level, type Message, friendlyName, messageString, reference, sprintf } from './messages.js';
import { yamlList } from './yaml-output.js';
import { assertNever } from '../../../errors.js';

export type OutputFormat = 'log' | 'json' | 'yaml';

const COLORS: Record<Level, string> = { Info: '', Warning: '\u001b[33m', Error: '\u001b[1;31m' };
const RESET = '\u001b[0m';

export interface FormatOptions {
  colorize: boolean;
  /** Base of the documentation links: https://istio.io/v1.Y/docs/reference/config/analysis. */
  docsBase: string;
}

export function formatMessages(ms: readonly Message[], format: OutputFormat, o: FormatOptions): string {
  switch (format) {
    case 'log':
      return ms.map((m) => logLine(m, o.colorize)).join('\n');
    case 'json':
      return goJson(ms.map((m) => unstructured(m, o.docsBase)));
    case 'yaml':
      return yamlList(ms.map((m) => unstructured(m, o.docsBase)));
    default:
      return assertNever(format, 'output format');
  }
}

function logLine(m: Message, colorize: boolean): string {
  const line = messageString(m);
  const { level } = m.type;
  return colorize ? `${COLORS[level]}${level}${RESET}${line.slice(level.length)}` : line;
}

/** Message.Unstructured(true), with the `?ref=istioctl-analyze` istioctl adds to each link. */
function unstructured(m: Message, docsBase: string): Record<string, string> {
  const out: Record<string, string> = {
    code: m.type.code,
    documentationUrl: `${docsBase}/${m.type.code.toLowerCase()}/?ref=istioctl-analyze`,
    level: m.type.level,
    message: sprintf(m.type.template, m.params),
  };
  if (m.resource) {
    out['origin'] = friendlyName(m.resource);
    const ref = reference(m);
    if (ref !== undefined) out['reference'] = ref;
  }
  return out;
}

/** json.MarshalIndent(v, "", "\t") of flat string maps: sorted keys, <, > and & escaped as Go does. */
function goJson(items: readonly Record<string, string>[]): string {
  const sorted = items.map((i) =>
    Object.fromEntries(
      Object.keys(i)
        .sort()
        .map((k) => [k, i[k]]),
    ),
  );
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(sorted, null, '\t').replace(/[<>&\u2028\u2029]/g, escape);
}
