/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

const normalize = (s: string) => s.toLowerCase().replace(/[-_\s.]/g, '');

/** The candidate nearest to `word`, when it is near enough to be a plausible typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = normalize(word);
  for (const c of candidates) {
    const n = normalize(c);
    const d = n === w ? 0 : editDistance(w, n) + (n.includes(w) || w.includes(n) ? -1 : 0);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/** The `count` nearest candidates, closest first (for "nearest existing columns"). */
export function nearestMany(word: string, candidates: readonly string[], count = 3): string[] {
  const w = normalize(word);
  return [...candidates]
    .map((c) => ({ c, d: editDistance(w, normalize(c)) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, count)
    .map((x) => x.c);
}
