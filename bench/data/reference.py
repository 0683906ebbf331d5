"""pandas competitor of the data benchmark: the same job as ours, polars.mjs and duckdb.mjs, written
the way an ML engineer would with pandas + NumPy + SciPy.

Profile the training CSV (read_csv; describe with the 1/5/25/50/75/95/99% quantiles; missing counts;
20-bin numpy.histogram per numeric column with underflow/overflow; value_counts per text column),
profile the serving CSV on the training bin edges, then skew per feature: JS divergence (log2, as
scipy.spatial.distance.jensenshannon(base=2) ** 2) for numerics, L-infinity for categoricals, at our
default thresholds (0.01, 0.1). Both profiles are written as JSON, like every competitor's.

    /usr/bin/python3 bench/data/reference.py TRAIN.csv SERVE.csv OUTDIR
Prints one JSON line (phases in seconds, drifted features, statistics) for bench/data/run.mjs.
"""
import json, os, sys, time
import numpy as np, pandas as pd
from scipy.spatial.distance import jensenshannon

BINS = 20
QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]


def profile(df, reference=None):
    desc = df.describe(percentiles=QUANTILES)  # count, mean, std, min, quantiles, max (numeric columns)
    missing = df.isna().sum()
    features = {}
    for c in df.columns:
        s = df[c]
        numeric = reference["features"][c]["kind"] == "numeric" if reference else pd.api.types.is_numeric_dtype(s)
        f = {"count": int(s.count()), "missing": int(missing[c])}
        if numeric:
            d = desc[c]
            v = s.to_numpy(dtype=float)
            v = v[~np.isnan(v)]
            edges = np.asarray(reference["features"][c]["edges"]) if reference else np.histogram_bin_edges(v, bins=BINS)
            counts, _ = np.histogram(v, bins=edges)
            under, over = int(np.sum(v < edges[0])), int(np.sum(v > edges[-1]))
            f.update(kind="numeric", mean=float(d["mean"]), std=float(d["std"]), min=float(d["min"]), max=float(d["max"]),
                     quantiles=[float(d[f"{q * 100:g}%"]) for q in QUANTILES], edges=edges.tolist(),
                     counts=[under, *counts.tolist(), over])
        else:
            f.update(kind="categorical", categories={str(k): int(n) for k, n in s.value_counts(dropna=True).items()})
        features[c] = f
    return {"rows": len(df), "features": features}


def skew(train, serve):
    out = {}
    for c, t in train["features"].items():
        s = serve["features"][c]
        if t["kind"] == "numeric":
            d = float(jensenshannon(t["counts"], s["counts"], base=2) ** 2)
            out[c] = {"statistic": d, "drifted": d > 0.01}
        else:
            a = pd.Series(t["categories"], dtype=float)
            b = pd.Series(s["categories"], dtype=float)
            idx = a.index.union(b.index)
            d = float(((a.reindex(idx, fill_value=0) / a.sum()) - (b.reindex(idx, fill_value=0) / b.sum())).abs().max())
            out[c] = {"statistic": d, "drifted": d > 0.1}
    return out


train_path, serve_path, out_dir = sys.argv[1:4]
t0 = time.perf_counter()
train = profile(pd.read_csv(train_path))
with open(os.path.join(out_dir, "pandas-train.json"), "w") as fh:
    json.dump(train, fh)
t1 = time.perf_counter()
serve = profile(pd.read_csv(serve_path), train)
with open(os.path.join(out_dir, "pandas-serve.json"), "w") as fh:
    json.dump(serve, fh)
t2 = time.perf_counter()
drift = skew(train, serve)
t3 = time.perf_counter()
print(json.dumps({
    "impl": "pandas", "phases": {"train_s": t1 - t0, "serve_s": t2 - t1, "skew_s": t3 - t2},
    "rows": {"train": train["rows"], "serve": serve["rows"]},
    "drifted": [c for c, v in drift.items() if v["drifted"]],
    "stats": {c: v["statistic"] for c, v in drift.items()},
}))
