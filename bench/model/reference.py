"""Python reference for the model-validation benchmark, written the way an ML engineer would:
pandas to read, scikit-learn for metrics, SciPy for McNemar; paired bootstrap (stratified by label)
of every metric, overall and per slice, for base and head and their difference.

    /usr/bin/python3 bench/model/reference.py BASE.csv HEAD.csv [RESAMPLES]
Prints one JSON line with timings (seconds) and peak memory (MB).
"""
import json, resource, sys, time
import numpy as np
import pandas as pd
from sklearn import metrics as M
from scipy import stats

t0 = time.perf_counter()
base_path, head_path = sys.argv[1], sys.argv[2]
B = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
base = pd.read_csv(base_path)
head = pd.read_csv(head_path)
t_read = time.perf_counter() - t0
df = head.merge(base[["id", "score", "label"]], on="id", suffixes=("", "_base"), validate="one_to_one")
assert len(df) == len(head) == len(base)
assert (df["label"] == df["label_base"]).all()
y = df["label"].to_numpy()
sh = df["score"].to_numpy()
sb = df["score_base"].to_numpy()
sl = df["country"].to_numpy()
groups = [None] + sorted(set(sl))
masks = {g: (np.ones(len(df), bool) if g is None else sl == g) for g in groups}


def all_metrics(yy, ss):
    pred = (ss >= 0.5).astype(int)
    out = {
        "accuracy": M.accuracy_score(yy, pred),
        "precision": M.precision_score(yy, pred, zero_division=0),
        "recall": M.recall_score(yy, pred, zero_division=0),
        "f1": M.f1_score(yy, pred, zero_division=0),
        "log_loss": M.log_loss(yy, ss, labels=[0, 1]),
        "brier_score": M.brier_score_loss(yy, ss),
        "prediction_bias": float(ss.mean() - yy.mean()),
    }
    if 0 < yy.sum() < len(yy):
        out["roc_auc"] = M.roc_auc_score(yy, ss)
        out["average_precision"] = M.average_precision_score(yy, ss)
    return out


def evaluate(idx):
    res = {}
    for g in groups:
        m = masks[g][idx]
        rows = idx[m]
        res[g] = (all_metrics(y[rows], sh[rows]), all_metrics(y[rows], sb[rows]))
    return res


t1 = time.perf_counter()
point = evaluate(np.arange(len(df)))
# McNemar on accuracy (overall)
ph, pb = sh >= 0.5, sb >= 0.5
rh, rb = ph == y, pb == y
b, c = int(np.sum(rb & ~rh)), int(np.sum(~rb & rh))
mcnemar_p = stats.binomtest(min(b, c), b + c, 0.5).pvalue
rng = np.random.default_rng(42)
pos = np.flatnonzero(y == 1)
neg = np.flatnonzero(y == 0)
samples = []
for r in range(B):
    idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
    samples.append(evaluate(idx))
intervals = {}
for g in groups:
    for name in point[g][0]:
        d = np.array([s[g][0].get(name, np.nan) - s[g][1].get(name, np.nan) for s in samples])
        intervals[f"{g}:{name}"] = [float(np.nanpercentile(d, 2.5)), float(np.nanpercentile(d, 97.5))]
t_compute = time.perf_counter() - t1
total = time.perf_counter() - t0
print(json.dumps({
    "impl": "python", "resamples": B, "read_s": t_read, "compute_s": t_compute, "total_s": total,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "roc_auc_delta": point[None][0]["roc_auc"] - point[None][1]["roc_auc"],
    "roc_auc_delta_ci": intervals["None:roc_auc"], "mcnemar_p": mcnemar_p,
}))
