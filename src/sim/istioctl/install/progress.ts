/**
 * What `istioctl install` prints, per release (operator/cmd/mesh/install.go and
 * operator/pkg/util/progress/progress.go at each tag). Everything but the prompt goes to stderr
 * (the printer is cmd.OutOrStderr(), the progress bar writes to os.Stderr); the prompt goes to stdout.
 * With stdout not a terminal the bar also writes "- Processing resources for ..." lines whose
 * number depends on timing; they are left out.
 */
import type { ResolvedInstall } from './operator.js';

/** pkg/art/istio-ascii.txt, printed before anything else from 1.23. */
const ART = [
  '        |\\          ',
  '        | \\         ',
  '        |  \\        ',
  '        |   \\       ',
  '      /||    \\      ',
  '     / ||     \\     ',
  '    /  ||      \\    ',
  '   /   ||       \\   ',
  '  /    ||        \\  ',
  ' /     ||         \\ ',
  '/______||__________\\',
  '____________________',
  '  \\__       _____/  ',
  '     \\_____/        ',
].join('\n');

export function banner(minor: number): string {
  return minor >= 23 ? `${ART}\n\n` : '';
}

const NAMES = { base: 'Istio core', pilot: 'Istiod', egress: 'Egress gateways', ingress: 'Ingress gateways' } as const;
/** operator/pkg/component/component.go Icons (1.24.0); name.IstioComponentIcons in 1.23. */
const ICONS = { base: '\u26f5\ufe0f', pilot: '\u{1f9e0}', egress: '\u{1f6eb}', ingress: '\u{1f6ec}' } as const;

/** The components the prompt lists (getProfileNSAndEnabledComponents, 1.10 to 1.23). */
export function enabledNames(r: ResolvedInstall): string[] {
  return (['base', 'pilot', 'ingress', 'egress'] as const).filter((c) => r[c]).map((c) => NAMES[c]);
}

/** install.go humanReadableJoin (1.20 to 1.23). */
function humanJoin(ss: readonly string[]): string {
  if (ss.length <= 2) return ss.join(' and ');
  return `${ss.slice(0, -1).join(', ')}, and ${ss[ss.length - 1] ?? ''}`;
}

/** The confirmation istioctl asks for without -y (written with a trailing space, no newline). */
export function prompt(minor: number, release: string, r: ResolvedInstall): string {
  const names = enabledNames(r);
  if (minor >= 24)
    return `This will install the Istio ${release} profile "${r.profile}" into the cluster. Proceed? (y/N)`;
  if (minor >= 20) {
    const components = `(with components: ${humanJoin(names)})`;
    return `This will install the Istio ${release} "${r.profile}" profile ${components} into the cluster. Proceed? (y/N)`;
  }
  if (minor >= 10) {
    if (r.profile === 'empty')
      return `This will install the Istio ${release} ${r.profile} profile into the cluster. Proceed? (y/N)`;
    // Go's %q of a []string.
    const quoted = `[${names.map((n) => `"${n}"`).join(' ')}]`;
    return `This will install the Istio ${release} ${r.profile} profile with ${quoted} components into the cluster. Proceed? (y/N)`;
  }
  return 'This will install the Istio profile into the cluster. Proceed? (y/N)';
}

/** The progress lines once every component is ready, and what follows them. */
export function progressLines(minor: number, r: ResolvedInstall): string {
  const lines = (['base', 'pilot', 'egress', 'ingress'] as const)
    .filter((c) => r[c])
    .map((c) => `\u2714 ${NAMES[c]} installed${minor >= 23 ? ` ${ICONS[c]}` : ''}`);
  lines.push('\u2714 Installation complete');
  // The default-revision webhook message (helmreconciler ProcessDefaultWebhook): a default install with istiod.
  if (r.pilot && minor >= 12 && minor <= 23) {
    if (minor <= 18) lines.push('Making this installation the default for injection and validation.');
    else if (minor <= 22) lines.push('Made this installation the default for injection and validation.');
    else lines.push('Made this installation the default for cluster-wide operations.');
  }
  return `${lines.join('\n')}\n`;
}

/** operator/version/version.go OperatorEOLYear/OperatorEOLMonth (1-12) at each tag that has them. */
const EOL: Record<number, [number, number]> = {
  19: [2024, 4],
  20: [2024, 7],
  21: [2024, 10],
  22: [2025, 1],
  23: [2025, 4],
  24: [2025, 7],
};

/** install.go: from 1.19, once the clock passes the release's end-of-life month, a warning on stdout. */
export function eolWarning(minor: number, now: number): string {
  const eol = EOL[minor];
  if (!eol) return '';
  const d = new Date(now);
  const [year, month] = [d.getUTCFullYear(), d.getUTCMonth() + 1];
  if (year < eol[0] || (year === eol[0] && month < eol[1])) return '';
  const see = 'see https://istio.io/latest/docs/releases/supported-releases/ for supported releases';
  return `WARNING: Istio 1.${minor}.0 may be out of support (EOL) already: ${see}\n`;
}
