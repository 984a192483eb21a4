// "Did you mean ...": the known names closest to a mistyped one, for the problems that name an unknown key or name.

/**
 * The edit distance of two strings: insertions, deletions, substitutions and swaps of two adjacent characters each
 * count one (the optimal-string-alignment distance), so `regoin` is one edit from `region`.
 */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/**
 * The known names nearest to `name` (case ignored), at most a third of its length away (and at least one edit), nearest
 * first; none when nothing is that close.
 */
export function closestNames(name: string, known: readonly string[]): string[] {
    const limit = Math.max(1, Math.floor(name.length / 3));
    const scored = known.map((k) => ({ k, distance: editDistance(name.toLowerCase(), k.toLowerCase()) })).filter((s) => s.distance <= limit);
    const best = Math.min(...scored.map((s) => s.distance));
    return scored.filter((s) => s.distance === best).map((s) => s.k);
}

/** ` (did you mean a or b?)`, or "" when no known name is close. */
export function didYouMean(name: string, known: readonly string[], format: (candidate: string) => string = (c) => c): string {
    const close = closestNames(name, known);
    if (close.length === 0) return "";
    return ` (did you mean ${close.map(format).join(" or ")}?)`;
}
