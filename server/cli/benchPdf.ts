// `npm run bench:pdf`: a Chinese record of about 100 pages, laid out, printed with a signature
// and a fingerprint on every page, the closing sentence, two officials and the seals, then signed
// with the agency certificate; prints the median time and the file size (target: < 1 s, < 1 MB).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { layoutPages, measureWith } from '../transcripts';
import { renderTranscript, type PrintModel } from '../transcripts';
import { addSignaturePlaceholder, createPdfSigner, signPdf } from '../transcripts';
import type { Block, Header, Strokes } from '../transcripts';

const ANSWER =
  '我把自己名下的银行卡和手机卡交给对方使用，对方通过网上银行转账，我只负责在收到验证码后转告对方，并不清楚资金的具体来源和去向。';

const strokes = (seed: number): Strokes => ({
  width: 600,
  height: 200,
  strokes: Array.from({ length: 3 }, (_, s) =>
    Array.from(
      { length: 40 },
      (_, i) => [40 + s * 170 + i * 3.5, 100 + Math.sin((i + seed + s) / 4) * 60, i * 12] as [number, number, number],
    ),
  ),
});

export async function runBenchPdf(o: { pages: number; runs: number }): Promise<number> {
  const measure = measureWith(config.transcripts.fontFile);
  const header: Header = {
    title: '讯问笔录',
    caseNumber: '茂公刑字〔2026〕118号',
    caseTitle: '古某帮助信息网络犯罪活动案',
    sessionType: 'interrogation',
    startedAt: '2026年11月21日 09时30分',
    endedAt: '2026年11月21日 12时05分',
    officePlace: '茂名市公安局电白分局',
    custodyPlace: '茂名市看守所 远程提讯室一',
    officials: [
      { participantId: 'a', name: '王建军', role: 'investigator' },
      { participantId: 'b', name: '李明', role: 'investigator' },
    ],
    clerk: { participantId: 'a', name: '王建军' },
    subject: { participantId: 'c', name: '古某', role: 'detainee' },
    notice: '告知：你享有《中华人民共和国刑事诉讼法》规定的诉讼权利。本次通过远程视频进行，全程同步录音录像。',
  };
  // Enough question/answer pairs to fill the pages asked for (about 13 pairs a page at this length).
  const blocks: Block[] = [];
  for (let i = 0; ; i++) {
    const kind = i % 2 === 0 ? 'q' : 'a';
    blocks.push({
      id: randomUUID(),
      ord: i,
      kind,
      text: kind === 'q' ? `第${i / 2 + 1}个问题：这笔钱是怎么转出去的？` : ANSWER,
      deleted: false,
      lastOpId: randomUUID(),
      revision: 1,
      updatedAt: new Date(),
    });
    if (i % 20 === 0 && layoutPages(header, blocks, measure).length >= o.pages) break;
  }
  const fingerprint = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=160x160',
    '-vf',
    'format=gray',
    '-frames:v',
    '1',
    '-f',
    'mjpeg',
    '-q:v',
    '6',
    'pipe:1',
  ]);
  const signer = createPdfSigner('茂名市公安局电白分局');
  const times: number[] = [];
  const layoutTimes: number[] = [];
  let size = 0;
  let pageCount = 0;
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    const pages = layoutPages(header, blocks, measure);
    layoutTimes.push(performance.now() - t0);
    pageCount = pages.length;
    const model: PrintModel = {
      header,
      pages,
      draft: false,
      pageMarks: new Map(pages.map((p) => [p.number, { strokes: strokes(p.number), fingerprint }])),
      corrections: [],
      closing: { mode: 'handwritten', strokes: strokes(0), text: '', signedAt: '2026年11月21日 12时20分' },
      officials: [
        { name: '王建军', role: 'clerk', strokes: strokes(7), signedAt: '2026年11月21日 12时22分' },
        { name: '李明', role: 'investigator', strokes: strokes(8), signedAt: '2026年11月21日 12时23分' },
      ],
      parties: [],
      footer: {
        sessionId: randomUUID(),
        manifests: [{ part: 1, sha256: 'a'.repeat(64), sm3: 'b'.repeat(64) }],
        verificationCode: 'ABCD-EFGH-JKLM',
      },
      agencyName: header.officePlace,
      metadata: { title: '讯问笔录', subject: '基准测试', keywords: ['bench'], createdAt: new Date() },
    };
    const when = new Date();
    const pdf = await signPdf(
      await renderTranscript(model, config.transcripts.fontFile, (d) => addSignaturePlaceholder(d, signer, when)),
      signer,
      when,
    );
    times.push(performance.now() - t0);
    size = pdf.length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const result = {
    pages: pageCount,
    runs: o.runs,
    medianMs: Math.round(median(times)),
    minMs: Math.round(Math.min(...times)),
    maxMs: Math.round(Math.max(...times)),
    layoutMedianMs: Number(median(layoutTimes).toFixed(1)),
    bytes: size,
    kib: Math.round(size / 1024),
    targets: { underOneSecond: median(times) < 1000, underOneMiB: size < 1024 * 1024 },
  };
  console.log(JSON.stringify(result, null, 2));
  return 0;
}
