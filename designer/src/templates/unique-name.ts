/**
 * A template name nobody uses yet: `base`, or `base (2)`, `base (3)`… A built-in's own title counts as taken,
 * so a copy of a built-in never carries its exact name.
 */
export function uniqueName(base: string, taken: Iterable<string>, reserved: readonly string[] = []): string {
  const used = new Set([...taken, ...reserved].map((name) => name.trim().toLocaleLowerCase()));
  const stem = base.trim().replace(/ \(\d+\)$/, '');
  if (!used.has(stem.toLocaleLowerCase())) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})`;
    if (!used.has(candidate.toLocaleLowerCase())) return candidate;
  }
}
