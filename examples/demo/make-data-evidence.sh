#!/usr/bin/env bash
# How the demo's data evidence is made, as a training workflow would make it, with ml-test-gate itself.
# Profiles are computed in bounded memory; --reference reuses the reference's bin edges and categories,
# so the distributions compare bin for bin (never re-binned per run).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI="node dist/cli.js"
# The model's input features (the label and the fairness-only column "sex" are not profiled).
BASE_COLS=age,annual_income,employment_years,credit_score,loan_amount,term_months,debt_to_income,open_accounts,purpose,state,home_ownership,marital_status
HEAD_COLS=age,annual_income,employment_years,credit_score,loan_amount,term_months,debt_to_income,open_accounts,purpose,state,home_ownership,recent_inquiries
D=examples/demo
# main's training data (the baseline run records it; drift is measured against it)
$CLI snapshot $D/data/base-train.csv.gz --columns $BASE_COLS --out $D/baseline/evidence/train.snapshot.json --name loan-applications-train
# this PR's training data, on main's bins; serving data, on the training bins
$CLI snapshot $D/data/train.csv.gz --columns $HEAD_COLS --out $D/evidence/train.snapshot.json --reference $D/baseline/evidence/train.snapshot.json --name loan-applications-train
$CLI snapshot $D/data/serving.csv.gz --columns $HEAD_COLS --out $D/evidence/serving.snapshot.json --reference $D/evidence/train.snapshot.json --name loan-applications-serving
