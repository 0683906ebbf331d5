"""Checks the vectorized NumPy reference against scikit-learn and against a plain row bootstrap, so
that the benchmark compares the gate with a reference that computes the right numbers.

- point values of every metric, head and base, overall and per slice: equal to scikit-learn's
  (ECE against a direct 15-bin computation) within 1e-12;
- the cell-count bootstrap intervals of accuracy/precision/recall/f1 deltas: within Monte Carlo
  error of a paired row bootstrap stratified by label (1,000 resamples): bounds 0.15 half-widths
  apart on average, 0.4 at most;
- the DeLong standard error of the AUC delta: within 10% of the row bootstrap's standard deviation.

    /usr/bin/python3 bench/model/check_vectorized.py [N]      (default 30,000 rows; exits 1 on a mismatch)
"""
import json, os, subprocess, sys, tempfile
import numpy as np
import pandas as pd
from sklearn import metrics as M

here = os.path.dirname(os.path.abspath(__file__))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
tmp = tempfile.mkdtemp(prefix="mtg-check-")
subprocess.run([sys.executable, os.path.join(here, "generate.py"), tmp, str(n)], check=True, stdout=subprocess.DEVNULL)
out = subprocess.run([sys.executable, os.path.join(here, "reference_vectorized.py"), f"{tmp}/base.csv", f"{tmp}/head.csv", "1000"], check=True, capture_output=True, text=True).stdout
ref = {(d["group"], d["metric"]): d for d in json.loads(out)["deltas"]}
head, base = pd.read_csv(f"{tmp}/head.csv"), pd.read_csv(f"{tmp}/base.csv")
failures = []


def ece(y, p, bins=15):
    b = np.minimum((p * bins).astype(int), bins - 1)
    return sum(abs(np.sum(p[b == k] - y[b == k])) for k in range(bins)) / len(p)


def sk(y, p):
    pred = (p >= 0.5).astype(int)
    return {"accuracy": M.accuracy_score(y, pred), "precision": M.precision_score(y, pred), "recall": M.recall_score(y, pred),
            "f1": M.f1_score(y, pred), "roc_auc": M.roc_auc_score(y, p), "average_precision": M.average_precision_score(y, p),
            "log_loss": M.log_loss(y, p), "brier_score": M.brier_score_loss(y, p), "ece": ece(y, p), "prediction_bias": p.mean() - y.mean()}


groups = ["overall", *sorted(head["country"].unique())]
worst = 0.0
for g in groups:
    rows = np.ones(len(head), bool) if g == "overall" else (head["country"] == g).to_numpy()
    y = head["label"].to_numpy()[rows]
    for side, df in (("head", head), ("base", base)):
        for m, v in sk(y, df["score"].to_numpy()[rows]).items():
            worst = max(worst, abs(v - ref[(g, m)][side]))
if worst > 1e-12:
    failures.append(f"point values differ from scikit-learn by {worst:.2e}")
print(f"point values vs scikit-learn: max difference {worst:.1e} over {len(groups)} groups x 10 metrics x 2 models")

def counts(yy, pr):
    tp, fp, fn = np.sum(pr & yy), np.sum(pr & ~yy), np.sum(~pr & yy)
    return {"accuracy": np.mean(pr == yy), "precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}


# paired row bootstrap, stratified by label (the definition the cell-count bootstrap reproduces)
rng = np.random.default_rng(7)
y, h, b = head["label"].to_numpy(), head["score"].to_numpy(), base["score"].to_numpy()
code = head["country"].to_numpy()
pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
boot = {k: [] for k in ref if k[1] in ("accuracy", "precision", "recall", "f1") or k == ("overall", "roc_auc")}
for _ in range(1000):
    idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
    for g in groups:
        sel = idx if g == "overall" else idx[code[idx] == g]
        yy, ph, pb = y[sel] == 1, h[sel] >= 0.5, b[sel] >= 0.5
        ch, cb = counts(yy, ph), counts(yy, pb)
        for m in ("accuracy", "precision", "recall", "f1"):
            boot[(g, m)].append(ch[m] - cb[m])
    boot[("overall", "roc_auc")].append(M.roc_auc_score(y[idx], h[idx]) - M.roc_auc_score(y[idx], b[idx]))
diffs = []
for k, ds in boot.items():
    if k[1] == "roc_auc":
        continue
    if k == ("overall", "accuracy"):  # the reference uses the paired Wald interval there
        continue
    lo, hi = np.percentile(ds, [2.5, 97.5])
    half = (ref[k]["hi"] - ref[k]["lo"]) / 2
    diffs += [abs(lo - ref[k]["lo"]) / half, abs(hi - ref[k]["hi"]) / half]
# Two independent 1,000-resample percentile bounds differ by Monte Carlo error alone: about 0.1
# half-widths on average, the largest of these ~46 bounds about 0.3. A different resampling law
# (a bug) shifts them all.
worst_b, mean_b = max(diffs), float(np.mean(diffs))
print(f"cell-count bootstrap vs row bootstrap: {len(diffs)} bounds, mean difference {mean_b:.3f} half-widths, largest {worst_b:.3f}")
if mean_b > 0.15 or worst_b > 0.4:
    failures.append(f"cell-count bootstrap bounds differ from the row bootstrap by {mean_b:.3f} half-widths on average, {worst_b:.3f} at most")
se_delong = (ref[("overall", "roc_auc")]["hi"] - ref[("overall", "roc_auc")]["lo"]) / 2 / 1.959963984540054
sd_boot = float(np.std(boot[("overall", "roc_auc")], ddof=1))
print(f"AUC delta: DeLong se {se_delong:.5f}, row bootstrap sd {sd_boot:.5f} (ratio {se_delong / sd_boot:.3f})")
if abs(se_delong / sd_boot - 1) > 0.1:
    failures.append("DeLong standard error differs from the bootstrap's by more than 10%")
for f in failures:
    print(f"MISMATCH: {f}")
sys.exit(1 if failures else 0)
