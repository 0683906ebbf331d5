"""Regenerates the demo's evidence: a loan-default classifier trained with scikit-learn.

The data are synthetic loan applications drawn from a fixed generating process (seeded), so the
models, metrics and predictions are real outputs of real training runs, reproducible byte for byte.
Run with Debian's python3 (python3-sklearn, python3-pandas):  /usr/bin/python3 examples/demo/generate.py
Nothing in the test suite runs this script; it documents where the demo's numbers come from.
"""
import gzip
import json
import os

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, f1_score,
                             log_loss, precision_score, recall_score, roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261101)
STATES = ["CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI"]
PURPOSES = ["debt_consolidation", "credit_card", "home_improvement", "small_business", "car", "medical", "other"]


def applications(n, rng, serving=False, head=True):
    age = np.clip(rng.normal(41, 12, n).round(), 18, 85).astype(int)
    sex = rng.choice(["F", "M"], n, p=[0.47, 0.53])
    income = np.round(np.exp(rng.normal(10.95, 0.55, n)), -2)
    emp = np.clip(rng.gamma(2.0, 3.0, n).round(), 0, 40).astype(int)
    credit = np.clip(rng.normal(690, 55, n).round(), 300, 850).astype(int)
    if serving:
        # The serving pipeline reads a new credit bureau feed that scores about 25 points higher.
        credit = np.clip(credit + rng.normal(25, 8, n).round().astype(int), 300, 850)
    loan = np.round(np.clip(rng.lognormal(9.4, 0.6, n), 1000, 40000), -2)
    term = rng.choice([36, 60], n, p=[0.72, 0.28])
    dti = np.clip(rng.beta(2.2, 6.5, n) * 0.6, 0, 0.6).round(4)
    accounts = rng.poisson(9, n)
    inquiries = rng.poisson(1.1, n)
    purposes = PURPOSES + (["green_energy"] if head else [])
    p = np.array([0.46, 0.2, 0.1, 0.05, 0.08, 0.04, 0.07] + ([0.03] if head else []))
    purpose = rng.choice(purposes, n, p=p / p.sum())
    state = rng.choice(STATES, n)
    home = rng.choice(["RENT", "MORTGAGE", "OWN"], n, p=[0.42, 0.46, 0.12])
    # Missing values as in real application data.
    emp_missing = rng.random(n) < 0.04
    logit = (-1.2 - 0.011 * (credit - 690) + 3.1 * (dti - 0.15) - 0.45 * (np.log(income) - 10.95)
             + 0.55 * (term == 60) + 0.33 * np.log1p(inquiries) + 0.25 * (purpose == "small_business")
             - 0.018 * np.minimum(emp, 15) + 0.06 * ((loan / income) * 10 - 2))
    default = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame({
        "age": age, "sex": sex, "annual_income": income, "employment_years": np.where(emp_missing, np.nan, emp),
        "credit_score": credit, "loan_amount": loan, "term_months": term, "debt_to_income": dti,
        "open_accounts": accounts, "purpose": purpose, "state": state, "home_ownership": home,
    })
    if head:
        df["recent_inquiries"] = inquiries
    else:
        df["marital_status"] = rng.choice(["single", "married", "divorced"], n, p=[0.45, 0.45, 0.1])
    df.insert(0, "application_id", [f"A{1000000 + i}" for i in range(n)])
    df["default"] = default
    return df


def encode(df, cols):
    x = df[cols].copy()
    for c in x.columns:
        if x[c].dtype == object:
            x[c] = x[c].astype("category").cat.codes
    return x


def metrics(y, p, t=0.5):
    yhat = (p >= t).astype(int)
    return {
        "accuracy": accuracy_score(y, yhat), "precision": precision_score(y, yhat), "recall": recall_score(y, yhat),
        "f1": f1_score(y, yhat), "roc_auc": roc_auc_score(y, p), "average_precision": average_precision_score(y, p),
        "log_loss": log_loss(y, p), "brier_score": brier_score_loss(y, p), "prediction_bias": float(p.mean() - y.mean()),
    }


def write_csv_gz(df, path):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(df.to_csv(index=False, float_format="%.6g").encode())


def main():
    out = os.path.join(HERE, "evidence")
    base_dir = os.path.join(HERE, "baseline", "evidence")
    for d in (out, base_dir, os.path.join(HERE, "data")):
        os.makedirs(d, exist_ok=True)
    train_base = applications(30000, np.random.default_rng(1), head=False)
    train_head = applications(30000, np.random.default_rng(2), head=True)
    test = applications(8000, np.random.default_rng(3), head=True)
    serving = applications(6000, np.random.default_rng(4), serving=True, head=True)
    write_csv_gz(train_head.drop(columns=["application_id"]), os.path.join(HERE, "data", "train.csv.gz"))
    write_csv_gz(serving.drop(columns=["application_id", "default"]), os.path.join(HERE, "data", "serving.csv.gz"))
    write_csv_gz(train_base.drop(columns=["application_id"]), os.path.join(HERE, "data", "base-train.csv.gz"))

    feats_base = ["age", "annual_income", "employment_years", "credit_score", "loan_amount", "term_months",
                  "debt_to_income", "open_accounts", "purpose", "state", "home_ownership"]
    feats_head = feats_base + ["recent_inquiries"]
    base_model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.06, random_state=0)
    base_model.fit(encode(train_base, feats_base), train_base["default"])
    head_model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=0)
    head_model.fit(encode(train_head, feats_head), train_head["default"])
    simple = LogisticRegression(max_iter=1000)
    simple_cols = ["credit_score", "debt_to_income", "annual_income"]
    simple.fit(train_head[simple_cols].assign(annual_income=np.log(train_head["annual_income"])), train_head["default"])

    y = test["default"].to_numpy()
    p_head = head_model.predict_proba(encode(test, feats_head))[:, 1]
    p_base = base_model.predict_proba(encode(test, feats_base))[:, 1]
    p_simple = simple.predict_proba(test[simple_cols].assign(annual_income=np.log(test["annual_income"])))[:, 1]
    age_band = pd.cut(test["age"], [17, 29, 44, 59, 120], labels=["18-29", "30-44", "45-59", "60+"]).astype(str)
    region = test["state"].map({"CA": "west", "TX": "south", "NY": "northeast", "FL": "south", "IL": "midwest",
                                "PA": "northeast", "OH": "midwest", "GA": "south", "NC": "south", "MI": "midwest"})
    for name, p in (("predictions.csv.gz", p_head), ("base-predictions.csv.gz", p_base)):
        write_csv_gz(pd.DataFrame({"application_id": test["application_id"], "default": y, "score": np.round(p, 6),
                                   "region": region, "age_band": age_band, "sex": test["sex"]}),
                     os.path.join(out, name))

    def report(model_name, version, trained_at, p, extra=None):
        slices = []
        for col, values in (("region", region), ("age_band", age_band)):
            for v in sorted(values.unique()):
                m = (values == v).to_numpy()
                slices.append({"feature": col, "value": v, "rows": int(m.sum()), "positives": int(y[m].sum()),
                               "metrics": {k: round(float(x), 6) for k, x in metrics(y[m], p[m]).items()}})
        r = {"$schema": "../../../schemas/eval-report.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/eval-report",
             "model": {"name": model_name, "version": version, "trainedAt": trained_at},
             "dataset": {"name": "loan-applications-holdout", "version": "2026-10-28", "rows": int(len(y))},
             "task": "binary", "metrics": {k: round(float(x), 6) for k, x in metrics(y, p).items()}, "slices": slices}
        r.update(extra or {})
        return r

    head_report = report("loan-default-gbt", "2.4.0", "2026-11-20T09:12:00Z", p_head, {
        "baselineModel": {"name": "logistic-regression-3-features",
                          "description": "credit_score, debt_to_income, log(annual_income)",
                          "metrics": {k: round(float(x), 6) for k, x in metrics(y, p_simple).items()}},
        "performance": {"latencyMs": {"p50": 3.8, "p95": 7.9, "p99": 12.4}, "throughputPerS": 2150,
                        "peakMemoryMb": 412, "modelSizeMb": 6.3, "trainingTimeS": 184}})
    base_report = report("loan-default-gbt", "2.3.1", "2026-10-02T16:40:00Z", p_base, {
        "baselineModel": {"name": "logistic-regression-3-features",
                          "metrics": {k: round(float(x), 6) for k, x in metrics(y, p_simple).items()}}})
    base_report["$schema"] = "../../../../schemas/eval-report.schema.json"
    with open(os.path.join(out, "eval-report.json"), "w") as f:
        json.dump(head_report, f, indent=2)
    with open(os.path.join(base_dir, "eval-report.json"), "w") as f:
        json.dump(base_report, f, indent=2)
    # infra-1: a second training on the same data (another seed for early stopping's validation split)
    rerun = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=1)
    rerun.fit(encode(train_head, feats_head), train_head["default"])
    p_rerun = rerun.predict_proba(encode(test, feats_head))[:, 1]
    rerun_report = report("loan-default-gbt", "2.4.0-rerun", "2026-11-20T11:47:00Z", p_rerun)
    rerun_report.pop("slices")
    with open(os.path.join(out, "eval-report-rerun.json"), "w") as f:
        json.dump(rerun_report, f, indent=2)

    # data-2: permutation importance of every model feature on the holdout (drop in ROC AUC).
    imp = permutation_importance(head_model, encode(test, feats_head), y, scoring="roc_auc", n_repeats=5, random_state=0)
    with open(os.path.join(out, "importance.json"), "w") as f:
        json.dump({"$schema": "../../../schemas/importance.schema.json", "schemaVersion": 1,
                   "method": "permutation importance on the holdout, roc_auc drop, 5 repeats (sklearn.inspection)",
                   "metric": "roc_auc",
                   "features": {c: round(float(v), 6) for c, v in zip(feats_head, imp.importances_mean)}}, f, indent=2)
    shadow(base_model, head_model, serving, feats_base, feats_head, out)
    print("head", head_report["metrics"])
    print("base", base_report["metrics"])
    print("simple", head_report["baselineModel"]["metrics"])


def shadow(base_model, head_model, serving, feats_base, feats_head, out):
    """infra-6: the pull request's model in the shadow of main's on mirrored production requests."""
    region = serving["state"].map({"CA": "west", "TX": "south", "NY": "northeast", "FL": "south", "IL": "midwest",
                                   "PA": "northeast", "OH": "midwest", "GA": "south", "NC": "south", "MI": "midwest"})
    pairs = pd.DataFrame({"request_id": [f"R{7000000 + i}" for i in range(len(serving))],
                          "serving_score": np.round(base_model.predict_proba(encode(serving, feats_base))[:, 1], 6),
                          "candidate_score": np.round(head_model.predict_proba(encode(serving, feats_head))[:, 1], 6),
                          "region": region})
    write_csv_gz(pairs, os.path.join(out, "shadow-pairs.csv.gz"))
    with open(os.path.join(out, "shadow.json"), "w") as f:
        json.dump({"$schema": "../../../schemas/shadow.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/shadow",
                   "serving": {"name": "loan-default-gbt", "version": "2.3.1"},
                   "candidate": {"name": "loan-default-gbt", "version": "2.4.0"},
                   "window": {"from": "2026-11-20T12:00:00Z", "to": "2026-11-21T12:00:00Z"}, "threshold": 0.5,
                   "pairs": {"path": "examples/demo/evidence/shadow-pairs.csv.gz",
                             "columns": {"id": "request_id", "serving": "serving_score", "candidate": "candidate_score",
                                         "slices": ["region"]}}}, f, indent=2)
        f.write("\n")
    agree = ((pairs.serving_score >= 0.5) == (pairs.candidate_score >= 0.5)).mean()
    print("shadow agreement", agree, "mean shift", (pairs.candidate_score - pairs.serving_score).mean())


if __name__ == "__main__":
    main()
