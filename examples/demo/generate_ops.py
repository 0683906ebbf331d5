"""Regenerates the demo's operational evidence: benchmarks, canary, rollback record, debug trace,
offline/online metric history, tuning trials, k6 load-test runs and an MLflow Model Registry export.
Seeded, so the files are reproducible.
Run: /usr/bin/python3 examples/demo/generate_ops.py
These stand for what a team's jobs write (pytest-benchmark, the canary job, the deploy tool, Optuna,
k6 run --summary-export, the MLflow REST API).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261120)


def dump(obj, *path):
    p = os.path.join(HERE, *path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def benchmark(commit, branch, when, single_ms, batch_ms, rounds=20):
    out = []
    for name, group, centre, spread in (("test_predict_single", "predict", single_ms, 0.025),
                                        ("test_predict_batch_1000", "predict", batch_ms, 0.03)):
        data = [round(float(x), 6) for x in centre / 1000 * np.exp(rng.normal(0, spread, rounds))]
        a = np.array(data)
        q1, q3 = np.percentile(a, [25, 75])
        out.append({
            "group": group, "name": name, "fullname": f"tests/perf/test_serving.py::{name}", "params": None,
            "param": None, "extra_info": {},
            "options": {"disable_gc": False, "timer": "perf_counter", "min_rounds": rounds, "max_time": 1.0,
                        "min_time": 5e-06, "warmup": False},
            "stats": {"min": float(a.min()), "max": float(a.max()), "mean": float(a.mean()),
                      "stddev": float(a.std(ddof=1)), "rounds": rounds, "median": float(np.median(a)),
                      "iqr": float(q3 - q1), "q1": float(q1), "q3": float(q3), "iqr_outliers": 0,
                      "stddev_outliers": 1, "outliers": "1;0", "ld15iqr": float(a.min()), "hd15iqr": float(a.max()),
                      "ops": float(1 / a.mean()), "total": float(a.sum()), "iterations": 1, "data": data},
        })
    return {
        "machine_info": {"node": "runner-7", "processor": "x86_64", "machine": "x86_64", "python_implementation": "CPython",
                         "python_version": "3.11.9", "release": "6.5.0-1025-azure", "system": "Linux",
                         "cpu": {"arch": "X86_64", "bits": 64, "count": 4, "brand_raw": "AMD EPYC 7763 64-Core Processor"}},
        "commit_info": {"id": commit, "time": when, "author_time": when, "dirty": False, "project": "loan-default", "branch": branch},
        "benchmarks": out, "datetime": when, "version": "4.0.0",
    }


dump(benchmark("9c41d7e02b5a8f3e61d0c4b7a9e2f15d3c8b6a04", "feature/recent-inquiries", "2026-11-20T09:40:12+00:00", 4.05, 37.9),
     "evidence", "benchmark.json")
dump(benchmark("5e2a90c1f7d3b84a6c0e9f12d5b7a3c8e1f40d69", "main", "2026-10-02T17:05:51+00:00", 3.96, 36.8),
     "baseline", "evidence", "benchmark.json")

dump({"$schema": "../../../schemas/canary.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/canary",
      "model": {"name": "loan-default-gbt", "version": "2.4.0"}, "servingStack": "loan-scoring-service:2026.11.3 (python 3.11, scikit-learn 1.5)",
      "ranAt": "2026-11-20T10:02:37Z", "loaded": True, "requests": 500, "errors": 0, "nonFiniteOutputs": 0,
      "offlineComparison": {"examples": 500, "maxAbsDiff": 2.4e-07, "meanAbsDiff": 3.1e-08, "labelMismatches": 0}},
     "evidence", "canary.json")

dump({"$schema": "../../../schemas/rollback.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/rollback", "model": "loan-default-gbt",
      "current": {"version": "2.3.1", "deployedAt": "2026-10-03T08:15:00Z"},
      "previousKnownGood": {"version": "2.3.0", "artifact": "models:/loan-default-gbt/2.3.0", "validatedAt": "2026-10-02T16:55:00Z"},
      "drills": [{"date": "2026-07-14T13:00:00Z", "from": "2.2.4", "to": "2.2.3", "succeeded": True, "durationS": 212},
                 {"date": "2026-10-21T14:30:00Z", "from": "2.3.1", "to": "2.3.0", "succeeded": True, "durationS": 96,
                  "link": "https://wiki.example.com/ml/loan-default/rollback-drill-2026-10-21"}]},
     "ops", "rollback.json")

dump({"$schema": "../../../schemas/debug-trace.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/debug-trace",
      "model": {"name": "loan-default-gbt", "version": "2.4.0"}, "createdAt": "2026-11-20T09:58:10Z",
      "example": {"id": "A1004217", "features": {"age": 34, "annual_income": 58200, "employment_years": 6, "credit_score": 702,
                                                  "loan_amount": 14500, "term_months": 36, "debt_to_income": 0.2134,
                                                  "open_accounts": 9, "recent_inquiries": 2, "purpose": "credit_card",
                                                  "state": "TX", "home_ownership": "RENT"}},
      "steps": [{"name": "parse", "output": {"fields": 12, "missing": 0}},
                {"name": "encode categoricals", "output": {"purpose": 1, "state": 8, "home_ownership": 2}},
                {"name": "gradient boosting: 300 trees", "output": {"raw_score": -0.912}},
                {"name": "sigmoid", "output": 0.28664}],
      "prediction": 0.28664},
     "evidence", "debug-trace.json")

# Offline AUC vs online AUC on loans that matured 90 days later, one pair per released version.
versions = ["2.0.0", "2.0.1", "2.1.0", "2.1.1", "2.2.0", "2.2.3", "2.2.4", "2.3.0", "2.3.1"]
offline = np.array([0.671, 0.674, 0.679, 0.678, 0.684, 0.686, 0.687, 0.689, 0.6915])
online = offline - 0.012 + rng.normal(0, 0.0025, len(offline))
dates = ["2025-12-01", "2026-01-12", "2026-02-23", "2026-03-30", "2026-05-04", "2026-06-15", "2026-07-20", "2026-09-01", "2026-10-30"]
dump({"$schema": "../../../schemas/metric-history.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/metric-history",
      "offlineMetric": "roc_auc", "onlineMetric": "roc_auc_matured_90d",
      "points": [{"model": v, "date": f"{d}T00:00:00Z", "offline": float(o), "online": round(float(x), 4)} for v, d, o, x in zip(versions, dates, offline, online)]},
     "ops", "metric-history.json")

# 40 Optuna trials on validation AUC; the shipped configuration is trial 31.
trials = []
for i in range(40):
    lr = float(np.round(10 ** rng.uniform(-2.3, -0.7), 4))
    leaves = int(rng.choice([7, 15, 31, 63]))
    iters = int(rng.choice([100, 200, 300, 400]))
    l2 = float(np.round(10 ** rng.uniform(-3, 1), 4))
    value = 0.6995 - 0.9 * (np.log10(lr) + 1.3) ** 2 * 0.01 - 0.0004 * abs(leaves - 15) / 8 + rng.normal(0, 0.0008)
    state = "pruned" if i in (7, 22) else "complete"
    trials.append({"id": i, "params": {"learning_rate": lr, "max_leaf_nodes": leaves, "max_iter": iters, "l2_regularization": l2},
                   "value": None if state == "pruned" else round(float(value), 5), "state": state})
trials[31] = {"id": 31, "params": {"learning_rate": 0.05, "max_leaf_nodes": 15, "max_iter": 300, "l2_regularization": 0.0},
              "value": round(max(t["value"] or 0 for t in trials) - 0.0003, 5), "state": "complete"}
dump({"$schema": "../../../schemas/tuning.schema.json", "schemaVersion": 1, "kind": "ml-test-gate/tuning", "metric": "roc_auc",
      "direction": "maximize", "tuner": "optuna 4.1 TPESampler, 5-fold CV on the training set", "trials": trials,
      "shipped": {"trial": 31}},
     "evidence", "tuning.json")

# monitor-6: three k6 runs of the scoring service's load test per branch (20 VUs, 5 minutes each), as
# `k6 run --summary-export=load/k6-run-N.json` writes them (legacy export shape; time values in ms).
load_rng = np.random.default_rng(20261121)


def k6_export(p50, p95, rps, failed_share):
    dur = 300.0 + float(load_rng.uniform(0.2, 0.6))
    p50, p95 = (round(float(x * np.exp(load_rng.normal(0, 0.012))), 4) for x in (p50, p95))
    reqs = int(round(rps * np.exp(load_rng.normal(0, 0.005)) * dur))
    failed = int(load_rng.binomial(reqs, failed_share))
    trend = lambda med, p90, p95_, mx: {"avg": round(med * 1.13, 4), "min": round(med * 0.31, 4), "med": med, "max": mx, "p(90)": p90, "p(95)": p95_}
    dur_trend = trend(p50, round(p50 + 0.78 * (p95 - p50), 4), p95, round(p95 * 5.8, 4))
    dur_trend["thresholds"] = {"p(95)<120": False}
    return {"root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": {},
                           "checks": {"status is 200": {"name": "status is 200", "path": "::status is 200",
                                                        "id": "6210a8cd14cd70477eba5c5e4cb3fb5f", "passes": reqs - failed, "fails": failed}}},
            "metrics": {"checks": {"passes": reqs - failed, "fails": failed, "value": (reqs - failed) / reqs},
                        "data_received": {"count": reqs * 761, "rate": reqs * 761 / dur},
                        "data_sent": {"count": reqs * 350, "rate": reqs * 350 / dur},
                        "http_req_duration": dur_trend,
                        "http_req_failed": {"passes": failed, "fails": reqs - failed, "value": failed / reqs, "thresholds": {"rate<0.01": False}},
                        "http_reqs": {"count": reqs, "rate": reqs / dur},
                        "iteration_duration": trend(round(p50 + 300, 4), round(p50 + 330, 4), round(p95 + 305, 4), round(p95 * 5.8 + 300, 4)),
                        "iterations": {"count": reqs, "rate": reqs / dur},
                        "vus": {"value": 1, "min": 1, "max": 20},
                        "vus_max": {"value": 20, "min": 20, "max": 20}}}


for k in (1, 2, 3):
    dump(k6_export(33.1, 46.2, 60.1, 0.0009), "evidence", "load", f"k6-run-{k}.json")
for k in (1, 2, 3):
    dump(k6_export(32.4, 44.9, 60.4, 0.0008), "baseline", "evidence", "load", f"k6-run-{k}.json")

# infra-7: the registry's view of loan-default-gbt, `GET /api/2.0/mlflow/model-versions/search?filter=name='loan-default-gbt'`,
# and `GET /api/2.0/mlflow/runs/get` of the rollback target's run. Version 9 (2.3.1) serves as champion.
ms = lambda iso: int(np.datetime64(iso, "ms").astype(np.int64))
runs = {7: "7d41c2a09b8e4f16a5c3d2e1f0b9a877", 8: "8e52d3b1ac9f4027b6d4e3f2a1c0b988", 9: "9f63e4c2bd0a4138c7e5f4a3b2d1c099",
        10: "a074f5d3ce1b4249d8f6a5b4c3e2d1aa"}
semver = {7: "2.2.4", 8: "2.3.0", 9: "2.3.1", 10: "2.4.0"}
created = {7: "2026-07-18T11:02:00", 8: "2026-09-01T15:20:00", 9: "2026-10-02T16:55:00", 10: "2026-11-20T09:31:00"}
aliases = {8: ["previous"], 9: ["champion"], 10: ["challenger"]}
dump({"model_versions": [{"name": "loan-default-gbt", "version": str(v), "creation_timestamp": ms(created[v]),
                          "last_updated_timestamp": ms(created[v]) + 3600000, "user_id": "ci@example.com", "current_stage": "None",
                          "description": f"loan-default-gbt {semver[v]}", "source": f"s3://mlflow-artifacts/12/{runs[v]}/artifacts/model",
                          "run_id": runs[v], "status": "READY", "tags": [{"key": "semver", "value": semver[v]}],
                          "run_link": "", "aliases": aliases.get(v, [])} for v in (10, 9, 8, 7)]},
     "ops", "registry", "model-versions.json")
dump({"run": {"info": {"run_id": runs[8], "run_uuid": runs[8], "experiment_id": "12", "run_name": "gbt-2.3.0", "user_id": "ci",
                       "status": "FINISHED", "start_time": ms("2026-09-01T14:40:00"), "end_time": ms("2026-09-01T15:12:00"),
                       "artifact_uri": f"s3://mlflow-artifacts/12/{runs[8]}/artifacts", "lifecycle_stage": "active"},
              "data": {"metrics": [{"key": "roc_auc", "value": 0.6891, "timestamp": ms("2026-09-01T15:11:00"), "step": 0},
                                   {"key": "log_loss", "value": 0.5751, "timestamp": ms("2026-09-01T15:11:00"), "step": 0}],
                       "params": [{"key": "max_iter", "value": "200"}], "tags": [{"key": "mlflow.runName", "value": "gbt-2.3.0"}]},
              "inputs": {}}},
     "ops", "registry", "run-v8.json")
print("ok")
