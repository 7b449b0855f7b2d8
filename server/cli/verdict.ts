// How every `hearing verify` ends: `OK: …` and exit 0, or `FAILED: <first problem>` with up to 19
// more and exit 1.
export function printVerdict(ok: boolean, okLine: string, problems: { message: string }[]): number {
  if (ok) {
    console.log(`OK: ${okLine}`);
    return 0;
  }
  console.log(`FAILED: ${problems[0]?.message ?? 'unknown problem'}`);
  for (const p of problems.slice(1, 20)) console.log(`  also: ${p.message}`);
  if (problems.length > 20) console.log(`  … and ${problems.length - 20} more`);
  return 1;
}
