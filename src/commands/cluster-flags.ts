/**
 * The flags that point another meshwalk command at the cluster the TUI uses (progress key `sim`
 * or `context:NAME`); the data directory comes along through MESHWALK_HOME, as for the TUI.
 */
export function clusterFlags(key: string, allowContext: readonly string[] = []): string {
  if (key === 'sim') return '--cluster sim';
  const context = key.replace(/^context:/, '');
  const q = /^[\w.@:/+-]+$/.test(context) ? context : `'${context.replace(/'/g, `'\\''`)}'`;
  return allowContext.includes(context) ? `--context ${q} --allow-context ${q}` : `--context ${q}`;
}
