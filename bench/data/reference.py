"""Python reference for the data benchmark: the same work with pandas + NumPy + SciPy.

profile the training CSV (read_csv, describe, 20-bin histograms, value_counts), profile the serving CSV
on the training bin edges and categories, then skew per feature (JS divergence log2 for numerics via
scipy.spatial.distance.jensenshannon squared, L-infinity for categoricals).
usage: python3 reference.py TRAIN.csv SERVE.csv
"""
import sys, time
import numpy as np, pandas as pd
from scipy.spatial.distance import jensenshannon

def profile(df, edges=None):
    out = {}
    desc = df.describe()  # count, mean, std, min, quartiles, max for numerics
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_numeric_dtype(s):
            v = s.to_numpy(dtype=float)
            v = v[np.isfinite(v)]
            e = edges[c] if edges else np.histogram_bin_edges(v, bins=20)
            counts, _ = np.histogram(v, bins=e)
            out[c] = ("num", e, np.concatenate([[np.sum(v < e[0])], counts, [np.sum(v > e[-1])]]), desc[c].to_dict())
        else:
            out[c] = ("cat", None, s.value_counts(dropna=True), None)
    return out

t0 = time.perf_counter()
train = pd.read_csv(sys.argv[1])
p_train = profile(train)
t1 = time.perf_counter()
del train
serve = pd.read_csv(sys.argv[2])
p_serve = profile(serve, {c: v[1] for c, v in p_train.items() if v[0] == "num"})
t2 = time.perf_counter()
drifted = 0
for c, (kind, _, a, _) in p_train.items():
    b = p_serve[c][2]
    if kind == "num":
        d = jensenshannon(a, b, base=2) ** 2
        drifted += d > 0.01
    else:
        idx = a.index.union(b.index)
        pa = a.reindex(idx, fill_value=0) / a.sum()
        pb = b.reindex(idx, fill_value=0) / b.sum()
        drifted += (pa - pb).abs().max() > 0.1
t3 = time.perf_counter()
print(f"python: profile train {t1 - t0:.2f} s, profile serving {t2 - t1:.2f} s, skew {t3 - t2:.3f} s, total {t3 - t0:.2f} s, {drifted} drifted", file=sys.stderr)
