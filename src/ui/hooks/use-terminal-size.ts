import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The terminal's size, updated on resize. Unknown sizes (pipes, tests) count as 80×24. */
export default function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    let columns = stdout.columns || 80;
    const onResize = () => {
      // A narrower terminal re-wraps the old frame into more rows than ink erases: clear the
      // screen first, or remnants of it stay above the new frame.
      const now = stdout.columns || 80;
      if (now < columns && stdout.isTTY) stdout.write('\u001b[2J\u001b[H');
      columns = now;
      setSize(read());
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]); // `read` only closes over stdout
  return size;
}
