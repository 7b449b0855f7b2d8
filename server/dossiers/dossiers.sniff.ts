// What an uploaded file is, by its bytes, never by its name: the few formats a case file accepts.
// The name's extension must agree with the content; a known format with something appended
// (a JPEG or PNG carrying a ZIP, a PDF without its end marker) is refused as another type.

export type DocumentType = { mediaType: string; extensions: readonly string[]; container: 'zip' | null };

export const DOCUMENT_TYPES: Record<string, DocumentType> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], container: null },
  ofd: { mediaType: 'application/ofd', extensions: ['ofd'], container: 'zip' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], container: null },
  png: { mediaType: 'image/png', extensions: ['png'], container: null },
  tiff: { mediaType: 'image/tiff', extensions: ['tif', 'tiff'], container: null },
};

export const ACCEPTED_EXTENSIONS: readonly string[] = Object.values(DOCUMENT_TYPES).flatMap((t) => t.extensions);

const startsWith = (b: Buffer, sig: number[]): boolean => sig.every((v, i) => b[i] === v);
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * Names the format of a file from its first and last bytes (head: at least 8 bytes; tail: up to
 * the last 1 KiB), or null when it is none of the accepted ones or is a polyglot.
 */
export function sniffType(head: Buffer, tail: Buffer): keyof typeof DOCUMENT_TYPES | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return tail.includes('%%EOF') ? 'pdf' : null;
  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    let end = tail.length;
    while (end > 0 && tail[end - 1] === 0) end -= 1;
    return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9 ? 'jpeg' : null;
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return tail.subarray(-8).equals(PNG_END) ? 'png' : null;
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'ofd';
  return null;
}

/** The lower-case extension of a name ('' when none). */
export const extensionOf = (name: string): string => {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
};
