import { useEffect, useState } from 'react';

/**
 * The wall clock, refreshed every `intervalMs` while `active`: only for what the learner sees
 * moving (spinner, elapsed seconds). The engine never reads it. Default interval: 100 ms.
 */
export default function useNow(active: boolean, intervalMs = 100): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return now;
}
