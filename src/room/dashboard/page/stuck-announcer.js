/**
 * Announces, through an aria-live region, each participant who has become stuck since the last
 * state. The first state only sets the baseline: a reload does not read out the whole room.
 */
export function createStuckAnnouncer(region) {
  let known;
  return (state) => {
    const stuck = state.participants.filter((p) => p.stuck);
    if (known) {
      const fresh = stuck.filter((p) => !known.has(p.id));
      if (fresh.length > 0) region.textContent = fresh.map((p) => sentence(p, state)).join(' ');
    }
    known = new Set(stuck.map((p) => p.id));
  };
}

function sentence(row, state) {
  const step = state.lesson?.steps.find((s) => s.id === row.step)?.title ?? row.step;
  return step ? `${row.name} is stuck on ${step}.` : `${row.name} is stuck.`;
}
