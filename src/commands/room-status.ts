/** `meshwalk room status`: the room as the dashboard shows it, as text. */
import type { RoomState } from '../room/protocol.js';

export function statusText(s: RoomState, url: string): string {
  const n = s.participants.length;
  const lines = [`Room ${url}: ${n} participant${n === 1 ? '' : 's'}`];
  lines.push(
    `Pace: ${s.steering.paced ? `instructor-paced; unlocked: ${s.steering.unlocked.join(', ') || 'none'}` : 'self-paced'}`,
  );
  if (s.steering.broadcast) lines.push(`Broadcast: ${s.steering.broadcast.text}`);
  if (s.lesson) lines.push(`Lesson shown: ${s.lesson.title} (${s.lesson.id})`);
  const stuck = s.participants.filter((p) => p.stuck);
  const rule = `${s.stuckRule.minutes} min or ${s.stuckRule.failures} failures`;
  lines.push(stuck.length === 0 ? `Stuck (${rule}): nobody` : `Stuck (${rule}):`);
  for (const p of stuck) {
    const fail = p.lastFailure ? `; last failure: ${p.lastFailure}` : '';
    lines.push(
      `  ${p.name} (${p.id}) on ${p.lesson ?? '?'}/${p.step ?? '?'}: ${p.failures} failed attempt${p.failures === 1 ? '' : 's'}${fail}`,
    );
  }
  if (s.funnel.length > 0) {
    lines.push('Steps passed:');
    const width = Math.max(...s.funnel.map((f) => f.step.length));
    for (const f of s.funnel)
      lines.push(
        `  ${f.step.padEnd(width)}  ${f.passed}/${n}${f.medianMs === undefined ? '' : `, median ${duration(f.medianMs)}`}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
