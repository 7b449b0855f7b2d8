// subset-font ships no types; this is the one call we use.
declare module 'subset-font' {
  function subsetFont(
    font: Buffer | Uint8Array,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
  export = subsetFont;
}
