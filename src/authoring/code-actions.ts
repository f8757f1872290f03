/**
 * The code actions of a Katacoda or Killercoda page: `` `cmd`{{execute}} `` (Katacoda, with an
 * optional terminal or `interrupt`), `{{exec}}` and `{{copy}}` (Killercoda), inline or after a
 * fenced block. The page's Markdown is kept with the markers taken out, so it reads as plain
 * Markdown; the actions come out in page order with the line each starts on.
 */

export type ActionKind = 'exec' | 'copy';

export type CodeAction = {
  /** The code as written: one line, or a fenced block's lines. */
  code: string;
  kind: ActionKind;
  /** 1-based line of the page where the code starts. */
  line: number;
};

export type Page = { markdown: string; actions: CodeAction[] };

const MARKER = String.raw`\{\{(execute|exec|copy)(?:[ \t]+[^}\n]*)?\}\}`;
const FENCED = new RegExp(String.raw`(\`\`\`[^\n]*\n)([\s\S]*?)\n\`\`\`` + MARKER, 'g');
const INLINE = new RegExp(String.raw`\`([^\`\n]+)\`` + MARKER, 'g');

export function readPage(text: string): Page {
  const found: CodeAction[] = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const kindOf = (marker: string): ActionKind => (marker === 'copy' ? 'copy' : 'exec');
  for (const m of text.matchAll(FENCED)) {
    found.push({ code: m[2] ?? '', kind: kindOf(m[3] ?? ''), line: lineAt((m.index ?? 0) + (m[1]?.length ?? 0)) });
  }
  for (const m of text.matchAll(INLINE))
    found.push({ code: m[1] ?? '', kind: kindOf(m[2] ?? ''), line: lineAt(m.index ?? 0) });
  const markdown = text.replace(FENCED, '$1$2\n```').replace(INLINE, '`$1`');
  return { markdown: markdown.trim(), actions: found.sort((a, b) => a.line - b.line) };
}
