"""Vectorized NumPy reference for the model-validation benchmark: what the gate does on two binary
models scored on the same examples (1M rows, 5 slices, 1,000 resamples), written the way a
performance-minded engineer would with NumPy and SciPy, no per-resample loop over rows:

- read both CSVs (pandas read_csv with the column types given), pair by id (no join when both list the same ids in the same order,
  as the gate does; a one-to-one merge otherwise);
- per group (all rows, then each slice), for head and base: accuracy, precision, recall, f1, roc_auc,
  average_precision, log_loss, brier_score, ece (15 bins) and prediction_bias, scikit-learn definitions;
- accuracy/precision/recall/f1 intervals: paired bootstrap stratified by label on counts, i.e. one
  multinomial draw per label stratum over the label x slice x head-predicted x base-predicted cells
  (numpy Generator.multinomial, size = resamples), percentile intervals;
- roc_auc: fast DeLong (Sun & Xu 2014: placement values from mid-ranks, O(n log n)), paired variance
  of head - base;
- log_loss, brier_score, prediction_bias: normal intervals from per-example values (paired: of the
  per-example differences); ece and average_precision: normal intervals from per-example influence
  values (the delta method the gate uses);
- overall accuracy: paired Wald interval on discordant pairs and exact McNemar (scipy binomtest).

    /usr/bin/python3 bench/model/reference_vectorized.py BASE.csv HEAD.csv [RESAMPLES]
Prints one JSON line: timings (s), peak memory (MB) and every delta with its interval and method.
"""
import json, resource, sys, time
import numpy as np
import pandas as pd
from scipy import stats

EPS = np.finfo(float).eps
ECE_BINS = 15
Z = stats.norm.ppf(0.975)
NORMAL_METHOD = {m: "normal, per-example values (paired differences)" for m in ("log_loss", "brier_score", "prediction_bias")}
NORMAL_METHOD.update({m: "normal, delta method (per-example influence values, paired differences)" for m in ("ece", "average_precision")})


DTYPES = {"id": str, "label": np.int8, "score": np.float64, "country": "category"}


def read_pair(base_path, head_path):
    base = pd.read_csv(base_path, dtype=DTYPES)  # dtypes given: no inference, a category for the slice
    head = pd.read_csv(head_path, dtype=DTYPES)
    if len(base) == len(head) and np.array_equal(base["id"].to_numpy(), head["id"].to_numpy()):
        b = base
    else:
        b = head[["id"]].merge(base, on="id", how="left", validate="one_to_one")
    if b["label"].isna().any() or not np.array_equal(b["label"].to_numpy(), head["label"].to_numpy()):
        raise SystemExit("ids or labels of the two files do not pair")
    return head, b


def placements(y, p):
    """DeLong placement values per row (Sun & Xu): positives V10, negatives V01, from mid-ranks."""
    pos, neg = p[y == 1], p[y == 0]
    m, n = len(pos), len(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    v10 = (tz[:m] - stats.rankdata(pos)) / n
    v01 = 1.0 - (tz[m:] - stats.rankdata(neg)) / m
    out = np.empty(len(p))
    out[y == 1], out[y == 0] = v10, v01
    return out


def ap_influence(y, p):
    """Average precision (sklearn: ties share a threshold) and its per-row influence values."""
    n, npos = len(y), int(y.sum())
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order].astype(float)
    new = np.empty(n, bool)
    new[0], new[1:] = True, ps[1:] != ps[:-1]
    grp = np.cumsum(new) - 1
    ends = np.append(np.flatnonzero(new)[1:] - 1, n - 1)
    cnt = ends + 1.0
    pos = np.cumsum(ys)[ends]
    gp = np.diff(pos, prepend=0.0)
    sum_yg = float(np.sum(gp * pos / cnt))
    N, pi, AP = sum_yg / n, npos / n, sum_yg / npos
    s1 = np.cumsum((gp / cnt)[::-1])[::-1]  # over groups scored <= this one
    s2 = np.cumsum((gp * pos / cnt**2)[::-1])[::-1]
    g = (pos / cnt)[grp]
    if_n = ys * g - N + ys * s1[grp] - s2[grp]
    psi = np.empty(n)
    psi[order] = (if_n - AP * (ys - pi)) / pi
    return AP, psi


def per_example(y, p):
    """Point value and per-row values (whose mean's variance is the metric's) for the normal metrics."""
    q = np.clip(p, EPS, 1 - EPS)
    ll = -(y * np.log(q) + (1 - y) * np.log(1 - q))
    err = p - y
    b = np.minimum((p * ECE_BINS).astype(int), ECE_BINS - 1)
    gap = np.bincount(b, weights=err, minlength=ECE_BINS)
    ap, ap_psi = ap_influence(y, p)
    return {
        "log_loss": (ll.mean(), ll), "brier_score": (np.mean(err**2), err**2), "prediction_bias": (err.mean(), err),
        "ece": (np.abs(gap).sum() / len(p), np.sign(gap[b]) * err), "average_precision": (ap, ap_psi),
    }


def se_mean(v):
    return np.std(v, ddof=1) / np.sqrt(len(v))


def count_bootstrap(y, code, groups, pred_h, pred_b, resamples, rng):
    """Paired, label-stratified bootstrap of the count metrics on cell counts: {(group, metric): deltas}."""
    cell = code * 4 + pred_h * 2 + pred_b
    draws = []
    for label in (0, 1):
        sizes = np.bincount(cell[y == label], minlength=groups * 4).astype(float)
        draws.append(rng.multinomial(int(sizes.sum()), sizes / sizes.sum(), size=resamples).reshape(resamples, groups, 2, 2))
    neg, pos = draws

    def metrics(axis_pred):  # axis 2: head's prediction, axis 3: base's; the other model's is summed out
        tp, fn = pos.take(1, axis_pred).sum(2), pos.take(0, axis_pred).sum(2)
        fp, tn = neg.take(1, axis_pred).sum(2), neg.take(0, axis_pred).sum(2)
        tp, fn, fp, tn = [np.concatenate([a.sum(1, keepdims=True), a], axis=1) for a in (tp, fn, fp, tn)]  # row 0 = overall
        with np.errstate(invalid="ignore", divide="ignore"):
            return {"accuracy": (tp + tn) / (tp + tn + fp + fn), "precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}

    h, b = metrics(2), metrics(3)
    return {(g, m): h[m][:, g] - b[m][:, g] for m in h for g in range(groups + 1)}


def confusion_metrics(y, pred):
    tp, fp = np.sum(pred & (y == 1)), np.sum(pred & (y == 0))
    fn, tn = np.sum(~pred & (y == 1)), np.sum(~pred & (y == 0))
    return {"accuracy": (tp + tn) / len(y), "precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}


def group_deltas(y, h, b, name):
    """Point values of every metric and the analytic intervals of one group (all rows or a slice)."""
    out = {}
    ch, cb = confusion_metrics(y, h >= 0.5), confusion_metrics(y, b >= 0.5)
    for m in ch:
        out[m] = {"group": name, "metric": m, "head": float(ch[m]), "base": float(cb[m]), "delta": float(ch[m] - cb[m])}
    plh, plb = placements(y, h), placements(y, b)
    auc_h, auc_b = plh[y == 1].mean(), plb[y == 1].mean()
    d = plh - plb
    se = np.sqrt(np.var(d[y == 1], ddof=1) / np.sum(y == 1) + np.var(d[y == 0], ddof=1) / np.sum(y == 0))
    out["roc_auc"] = {"group": name, "metric": "roc_auc", "head": auc_h, "base": auc_b, "delta": auc_h - auc_b, "lo": auc_h - auc_b - Z * se, "hi": auc_h - auc_b + Z * se, "method": "DeLong paired (fast, mid-ranks)"}
    eh, eb = per_example(y, h), per_example(y, b)
    for m in eh:
        delta = eh[m][0] - eb[m][0]
        se = se_mean(eh[m][1] - eb[m][1])
        out[m] = {"group": name, "metric": m, "head": float(eh[m][0]), "base": float(eb[m][0]), "delta": float(delta), "lo": float(delta - Z * se), "hi": float(delta + Z * se), "method": NORMAL_METHOD[m]}
    return out


def main():
    base_path, head_path = sys.argv[1], sys.argv[2]
    resamples = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    t0 = time.perf_counter()
    head, base = read_pair(base_path, head_path)
    t_read = time.perf_counter() - t0
    t1 = time.perf_counter()
    y = head["label"].to_numpy().astype(np.int8)
    h, b = head["score"].to_numpy(float), base["score"].to_numpy(float)
    names = sorted(head["country"].cat.categories)
    code = head["country"].cat.reorder_categories(names).cat.codes.to_numpy().astype(np.int64)
    results = {}
    for g, name in enumerate(["overall", *names]):
        rows = slice(None) if g == 0 else code == g - 1
        for m, r in group_deltas(y[rows], h[rows], b[rows], name).items():
            results[(g, m)] = r
    pred_h, pred_b = (h >= 0.5).astype(np.int64), (b >= 0.5).astype(np.int64)
    boot = count_bootstrap(y, code, len(names), pred_h, pred_b, resamples, np.random.default_rng(42))
    for (g, m), ds in boot.items():
        lo, hi = np.nanpercentile(ds, [2.5, 97.5])
        results[(g, m)].update(lo=float(lo), hi=float(hi), method=f"paired percentile bootstrap 95%, {resamples} resamples, on cell counts (multinomial)")
    # overall accuracy: paired Wald on discordant pairs, exact McNemar
    right_h, right_b = pred_h == y, pred_b == y
    nb, nc, n = int(np.sum(right_b & ~right_h)), int(np.sum(~right_b & right_h)), len(y)
    delta = (nc - nb) / n
    se = np.sqrt(max(0.0, (nb + nc - (nc - nb) ** 2 / n) / n**2))
    results[(0, "accuracy")].update(lo=delta - Z * se, hi=delta + Z * se, method="paired difference (Wald, discordant pairs)")
    mcnemar_p = stats.binomtest(min(nb, nc), nb + nc, 0.5).pvalue
    t_compute = time.perf_counter() - t1
    deltas = [{k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in r.items()} for r in results.values()]
    print(json.dumps({
        "impl": "numpy-vectorized", "resamples": resamples, "read_s": t_read, "compute_s": t_compute,
        "total_s": time.perf_counter() - t0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mcnemar_p": mcnemar_p, "mcnemar_b": nb, "mcnemar_c": nc, "deltas": deltas,
    }))


main()
