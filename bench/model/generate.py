"""Generate the model-validation benchmark workload: 1,000,000 binary predictions of two models
(base and head, same ids), 5 slice values. Writes base.csv and head.csv (pandas to_csv, full float
precision, as an ML pipeline would) into the output folder.

    /usr/bin/python3 bench/model/generate.py [OUT_DIR] [N]
"""
import os, sys
import numpy as np
import pandas as pd

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "out", "model")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(42)
slices = np.array(["US", "DE", "FR", "IN", "BR"])
sl = slices[rng.choice(5, n, p=[0.4, 0.2, 0.2, 0.15, 0.05])]
y = (rng.random(n) < 0.3).astype(int)
signal = rng.normal(0, 1, n) + 1.6 * y
base = 1 / (1 + np.exp(-(signal - 1.2 + rng.normal(0, 0.6, n))))
# head: slightly better overall, worse on the smallest slice
shift = np.where(sl == "BR", -0.5, 0.15) * (2 * y - 1)
head = 1 / (1 + np.exp(-(signal - 1.2 + shift + rng.normal(0, 0.6, n))))
ids = np.char.add("ex", np.arange(n).astype(str))
for name, s in [("base", base), ("head", head)]:
    pd.DataFrame({"id": ids, "label": y, "score": s, "country": sl}).to_csv(os.path.join(out, f"{name}.csv"), index=False)
print(f"wrote {n} rows to {out}/base.csv and head.csv")
