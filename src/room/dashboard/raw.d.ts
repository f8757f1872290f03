/** A file imported with `?raw` is its text (vitest does this natively; scripts/build.mjs for the bundle). */
declare module '*?raw' {
  const text: string;
  export default text;
}
