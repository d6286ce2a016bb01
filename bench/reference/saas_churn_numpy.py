"""saas-churn the seed's own way (seeds 002/004: "Stage 1 synthetic raw data"):
vectorised numpy, one pyarrow Parquet file per table. The anchor for
`npm run bench:anchors`; the same four tables, columns, row counts and
distributions as synthgen's saas-churn default, roughly (no checks, no manifest).

usage: python saas_churn_numpy.py OUT_DIR [CUSTOMERS] [SEED]
prints one JSON line: {"rows": {...}, "seconds": ...}
"""
import json
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

PLAN_MIX = [0.40, 0.35, 0.20, 0.05]  # Free, Basic, Pro, Enterprise
REGION_MIX = [0.35, 0.30, 0.25, 0.10]  # NA, EU, APAC, LATAM
BASE_RETENTION = np.array([0.22, 0.35, 0.50, 0.70])  # still engaged after 180 days
DAILY_ACTIVITY = np.array([0.3, 0.4, 0.5, 0.6])
SESSIONS_MEAN = np.array([1.5, 2.5, 4.0, 6.0])
MINUTES_MEAN = np.array([15.0, 25.0, 40.0, 55.0])
EVENTS_PER_SESSION = np.array([2.0, 3.0, 4.0, 5.0])
PRICES_CENTS = np.array([0, 2900, 9900, 49900])
PAYMENT_MIX = [0.75, 0.15, 0.10]
CATEGORY_MIX = [0.25, 0.60, 0.15]
PRIORITY_MIX = [0.55, 0.40, 0.05]
CANCEL_PER_DAY = -np.log(1 - 0.01) / 30.4375
TICKETS_PER_DAY = 0.95 / 30.4375
START = np.datetime64("2024-01-01", "D").astype(np.int64)
WINDOW = 547  # 2024-01-01 .. 2025-06-30: 18 months


def dictionary(codes, values):
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int8)), pa.array(values))


def decimal(cents, precision):
    # int64 cents as decimal128(precision, 2): low word the value, high word its sign.
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    return pa.Array.from_buffers(pa.decimal128(precision, 2), len(cents), [None, pa.py_buffer(words)])


def dates(days):
    return pa.array(days.astype(np.int32), type=pa.date32())


def spans(lengths):
    """For runs of the given lengths: each element's owner and its index within the run."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    return owner, np.arange(owner.size) - np.repeat(starts, lengths)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    ids = np.arange(1, n + 1, dtype=np.int64)

    # customers, and each one's latent life: disengagement and (paid plans) cancellation.
    signup = START + rng.integers(0, WINDOW, n)
    plan = rng.choice(4, n, p=PLAN_MIX)
    region = rng.choice(4, n, p=REGION_MIX)
    engaged = rng.exponential(180 / np.log(1 / BASE_RETENTION[plan]))
    cancel = np.where(plan == 0, np.inf, rng.exponential(1 / CANCEL_PER_DAY, n))
    end = START + WINDOW
    usage_end = np.minimum(end, signup + np.maximum(1, np.ceil(np.minimum(engaged, cancel)))).astype(np.int64)
    billing_end = np.where(plan == 0, signup, np.minimum(end, signup + np.maximum(1, np.ceil(np.minimum(cancel, 1e9))))).astype(np.int64)
    drop = rng.uniform(0.12, 0.18, n)
    customers = pa.table({
        "customer_id": pa.array(ids, pa.int32()),
        "signup_date": dates(signup),
        "plan": dictionary(plan, ["Free", "Basic", "Pro", "Enterprise"]),
        "region": dictionary(region, ["NA", "EU", "APAC", "LATAM"]),
    })
    pq.write_table(customers, os.path.join(out, "customers.parquet"))

    # usage_daily: every engaged day, kept with the plan's activity rate minus dropped logs.
    owner, k = spans(usage_end - signup)
    keep = rng.random(owner.size) < (DAILY_ACTIVITY[plan] * (1 - drop))[owner]
    owner, day = owner[keep], signup[owner[keep]] + k[keep]
    p = plan[owner]
    sessions = 1 + rng.poisson(SESSIONS_MEAN[p] - 1)
    sd = MINUTES_MEAN[p] / 3
    minutes = np.minimum(MINUTES_MEAN[p] + 3 * sd, np.maximum(1, MINUTES_MEAN[p] + sd * rng.standard_normal(p.size)))
    usage = pa.table({
        "customer_id": pa.array(ids[owner], pa.int32()),
        "usage_date": dates(day),
        "sessions": pa.array(sessions, pa.int32()),
        "usage_minutes": decimal(np.round(minutes * 100).astype(np.int64), 8),
        "feature_events": pa.array(rng.poisson(sessions * EVENTS_PER_SESSION[p]), pa.int32()),
    })
    pq.write_table(usage, os.path.join(out, "usage_daily.parquet"))

    # billing: paid plans, a bill every 12-14 days from signup until cancellation.
    bills = np.where(plan == 0, 0, (billing_end - signup + 12) // 13)
    owner, k = spans(bills)
    gap = rng.integers(12, 15, owner.size)
    gap[k == 0] = 0
    run = np.cumsum(gap)
    first = (np.cumsum(bills) - bills)[bills > 0]
    day = signup[owner] + run - np.repeat(run[first], bills[bills > 0])
    billing = pa.table({
        "bill_id": pa.array(ids[owner] * 1000 + k, pa.int64()),
        "customer_id": pa.array(ids[owner], pa.int32()),
        "bill_date": dates(day),
        "amount": decimal(PRICES_CENTS[plan[owner]], 10),
        "payment_status": dictionary(rng.choice(3, owner.size, p=PAYMENT_MIX), ["paid", "late", "failed"]),
    })
    pq.write_table(billing, os.path.join(out, "billing.parquet"))

    # support: Poisson tickets over the engaged span, dated uniformly within it, in date order.
    tenure = usage_end - signup
    tickets = rng.poisson(TICKETS_PER_DAY * tenure)
    owner, k = spans(tickets)
    day = signup[owner] + np.floor(rng.random(owner.size) * tenure[owner]).astype(np.int64)
    day = day[np.lexsort((day, owner))]
    support = pa.table({
        "ticket_id": pa.array(ids[owner] * 100_000 + k, pa.int64()),
        "customer_id": pa.array(ids[owner], pa.int32()),
        "ticket_date": dates(day),
        "category": dictionary(rng.choice(3, owner.size, p=CATEGORY_MIX), ["billing", "technical", "onboarding"]),
        "priority": dictionary(rng.choice(3, owner.size, p=PRIORITY_MIX), ["low", "medium", "high"]),
    })
    pq.write_table(support, os.path.join(out, "support.parquet"))

    rows = {"customers": customers.num_rows, "usage_daily": usage.num_rows, "billing": billing.num_rows, "support": support.num_rows}
    print(json.dumps({"rows": rows, "seconds": round(time.perf_counter() - t0, 3)}))


if __name__ == "__main__":
    main()
