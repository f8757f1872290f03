import { join, posix } from 'node:path';
import { checkManifestText } from '../manifest-check.js';
import { tokenize } from '../tokenize.js';
import type { Problem } from '../problem.js';
import { shippedPath } from '../command-policy/paths.js';
import type { Rule, RuleContext, Where } from './rule.js';

/**
 * A manifest reference must stay inside the lesson repo, exist, and hold Kubernetes objects;
 * an inline manifest is checked the same way, with positions inside the lesson file.
 */
export const manifests: Rule = (_lesson, report, ctx) => {
  // `kubectl apply -f manifests/x.yaml` written as a command names a manifest too.
  for (const site of ctx.sites.commands) {
    const r = tokenize(site.text);
    if (!r.ok || r.argv[0] !== 'kubectl') continue;
    r.argv.forEach((word, i) => {
      const path = word === '-f' || word === '--filename' ? r.argv[i + 1] : /^(?:-f|--filename=)(.+)$/.exec(word)?.[1];
      if (path === undefined || !/^(?:\.\/|meshwalk:)?manifests\//.test(path)) return;
      const index = site.text.indexOf(path);
      checkPath({ path: site.path, index: index === -1 ? undefined : index }, path, report, ctx);
    });
  }
  for (const site of ctx.sites.applies) {
    const { apply } = site;
    if (typeof apply === 'string') checkPath({ path: site.path }, apply, report, ctx);
    else if (apply && typeof apply === 'object') {
      if (typeof apply.file === 'string') checkPath({ path: [...site.path, 'file'] }, apply.file, report, ctx);
      if (typeof apply.inline === 'string') checkInline([...site.path, 'inline'], apply.inline, ctx);
    }
  }
};

function checkPath(where: Where, written: string, report: Parameters<typeof manifests>[1], ctx: RuleContext): void {
  // `meshwalk:manifests/…` is a shipped manifest: checked like any, against the package folder.
  const shipped = shippedPath(written);
  const path = shipped ?? written;
  const base = shipped !== undefined ? ctx.shippedRoot : ctx.root;
  if (/^(?:[/\\]|[A-Za-z]:[/\\])/.test(path)) {
    report(
      where,
      'manifest-outside-repo',
      `\`${path}\` is an absolute path; write it relative to the lesson repo, like \`manifests/NAME.yaml\``,
    );
    return;
  }
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) {
    report(
      where,
      'manifest-outside-repo',
      `\`${path}\` points outside the lesson repo; keep manifests under \`manifests/\``,
    );
    return;
  }
  if (/\{\{/.test(path) || base === undefined || !ctx.fileExists) return; // decided at run time
  const full = join(base, normal);
  if (!ctx.fileExists(full)) {
    const hint =
      shipped !== undefined
        ? "meshwalk's own manifests have no such file"
        : 'paths are relative to the folder that holds lessons/ and manifests/';
    report(where, 'manifest-missing', `\`${written}\` does not exist; ${hint}`);
    return;
  }
  const text = ctx.readFile?.(full);
  if (text === undefined) return;
  // Many steps and lessons apply the same few manifests: check each text once.
  let memo = checked.get(full);
  if (memo?.text !== text) checked.set(full, (memo = { text, problems: checkManifestText(text, full) }));
  for (const p of memo.problems) ctx.addProblem(p);
}

const checked = new Map<string, { text: string; problems: Problem[] }>();

function checkInline(path: readonly (string | number)[], inline: string, ctx: RuleContext): void {
  const lineStarts = [0];
  for (let i = 0; i < inline.length; i++) if (inline[i] === '\n') lineStarts.push(i + 1);
  for (const p of checkManifestText(inline, ctx.file)) {
    const index = (lineStarts[p.line - 1] ?? 0) + p.col - 1;
    ctx.addProblem({
      ...p,
      file: ctx.file,
      ...ctx.positionOf({ path, index }),
      message: `inline manifest: ${p.message}`,
    });
  }
}
