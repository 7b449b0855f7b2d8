// The references a final record carries: its content hash, the recording manifests it names, and
// the short verification code printed in every footer (derived from both, so it can be checked).
import { createHash } from 'node:crypto';
import type { ManifestRef } from './transcripts.pdf';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters (XXXX-XXXX-XXXX) from SM3 over the session, the record, its content and the manifests. */
export function verificationCode(sessionId: string, transcriptId: string, contentSha256: string, manifests: ManifestRef[]): string {
  const d = createHash('sm3')
    .update([sessionId, transcriptId, contentSha256, ...manifests.map((m) => `${m.part}:${m.sha256}:${m.sm3}`)].join('|'))
    .digest();
  const chars = Array.from({ length: 12 }, (_, i) => ALPHABET[(d[i] as number) % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The PDF's keywords: every reference, as key:value, so a verifier needs nothing but the file. */
export function referenceKeywords(r: {
  sessionId: string;
  transcriptId: string;
  contentSha256: string;
  code: string;
  pages: number;
  manifests: ManifestRef[];
}): string[] {
  return [
    `session:${r.sessionId}`,
    `transcript:${r.transcriptId}`,
    `content-sha256:${r.contentSha256}`,
    `code:${r.code}`,
    `pages:${r.pages}`,
    ...r.manifests.flatMap((m) => [`manifest${m.part}-sha256:${m.sha256}`, `manifest${m.part}-sm3:${m.sm3}`]),
  ];
}

export type References = {
  sessionId: string;
  /** What the document is: the record ('transcript') or a signed instrument's kind (its id is then the instrument's). */
  kind: string;
  transcriptId: string;
  contentSha256: string;
  code: string;
  pages: number;
  manifests: ManifestRef[];
};

/** Reads the references back from the keywords (null when a required one is missing). */
export function parseKeywords(keywords: string): References | null {
  const kv = new Map(
    keywords
      .split(/\s+/)
      .filter(Boolean)
      .map((k) => {
        const i = k.indexOf(':');
        return [k.slice(0, i), k.slice(i + 1)] as const;
      }),
  );
  const manifests: ManifestRef[] = [];
  for (const [k, v] of kv) {
    const m = /^manifest(\d+)-sha256$/.exec(k);
    if (m) manifests.push({ part: Number(m[1]), sha256: v, sm3: kv.get(`manifest${m[1]}-sm3`) ?? '' });
  }
  const sessionId = kv.get('session');
  // NOTE: a signed instrument (具结书, judgment, 调解协议书) carries `instrument:` and `kind:` instead of `transcript:`.
  const transcriptId = kv.get('transcript') ?? kv.get('instrument');
  const kind = kv.get('transcript') ? 'transcript' : (kv.get('kind') ?? '');
  const contentSha256 = kv.get('content-sha256');
  const code = kv.get('code');
  const pages = Number(kv.get('pages'));
  if (!sessionId || !transcriptId || !kind || !contentSha256 || !code || !Number.isInteger(pages)) return null;
  return { sessionId, kind, transcriptId, contentSha256, code, pages, manifests: manifests.sort((a, b) => a.part - b.part) };
}
