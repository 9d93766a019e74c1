"""SageMaker Model Monitor's baseline for the model's input columns: `statistics.json` and
`constraints.json`, in the documented formats (SageMaker developer guide, "Schema for Statistics
(statistics.json file)", model-monitor-byoc-statistics.html, and "Schema for Constraints
(constraints.json file)", model-monitor-byoc-constraints.html).

The columns are the endpoint's input exactly as the Lambda sends it: the model's features, in the
contract's order, one CSV row per record with no header. Captured rows have no header either, so
the analyzer matches them to these features by position; the names only label reports and the
`feature_baseline_drift_<name>` metrics. The baseline describes the training rows, the data the
model learned from.

Everything is computed with numpy in float64 and rounded, so the same data give the same bytes.
"""
import numpy as np

STATISTICS = "statistics.json"
CONSTRAINTS = "constraints.json"
FORMAT_VERSION = 0
DIGITS = 10
# KLL sketch parameters as the analyzer's own baselines write them; `k` is the top level's capacity.
KLL_K = 2048
KLL_C = 0.64
# The analyzer materializes distributions as 10 buckets (model-monitor-interpreting-statistics.html).
BUCKETS = 10
# Share of captured values that may have another type or fall outside a domain before a violation,
# and the distance between baseline and captured distributions that counts as drift.
DATATYPE_CHECK_THRESHOLD = 1.0
DOMAIN_CONTENT_THRESHOLD = 1.0
COMPARISON_THRESHOLD = 0.1


def _number(value):
    rounded = round(float(value), DIGITS)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2 ** 53 else rounded


def inferred_type(column):
    """`Integral` when every value is a whole number (counts, 0/1 encodings), else `Fractional`."""
    return "Integral" if np.all(np.equal(np.mod(column, 1), 0)) else "Fractional"


def kll_sketch(column):
    """A KLL sketch of the sorted values: level h holds items of weight 2^h. Halving the sorted
    values (keeping every second one) until they fit the top level is a deterministic compaction."""
    items = np.sort(column)
    levels = []
    while len(items) > KLL_K:
        # An odd item out stays at this level with its weight; the pairs above it are compacted.
        kept, items = (items[:1], items[1:]) if len(items) % 2 else (items[:0], items)
        levels.append([_number(v) for v in kept])
        items = items[1::2]
    levels.append([_number(v) for v in items])
    return {"parameters": {"c": KLL_C, "k": KLL_K}, "data": levels}


def buckets(column):
    """Counts in BUCKETS equal-width buckets from min to max; the last one includes max."""
    low, high = float(column.min()), float(column.max())
    if high == low:
        return [{"lower_bound": _number(low), "upper_bound": _number(high), "count": int(len(column))}]
    edges = np.linspace(low, high, BUCKETS + 1)
    index = np.minimum(((column - low) / (high - low) * BUCKETS).astype(int), BUCKETS - 1)
    return [
        {"lower_bound": _number(edges[b]), "upper_bound": _number(edges[b + 1]), "count": int((index == b).sum())}
        for b in range(BUCKETS)
    ]


def _columns(matrix, feature_names):
    """Each feature's name, its whole column and its present (non-missing) values."""
    for j, name in enumerate(feature_names):
        column = np.asarray(matrix[:, j], dtype=np.float64)
        yield name, column, column[~np.isnan(column)]


def statistics_document(matrix, feature_names):
    features = []
    for name, column, present in _columns(matrix, feature_names):
        features.append({
            "name": name,
            "inferred_type": inferred_type(present),
            "numerical_statistics": {
                "common": {"num_present": int(len(present)), "num_missing": int(len(column) - len(present))},
                "mean": _number(present.mean()),
                "sum": _number(present.sum()),
                "std_dev": _number(present.std()),
                "min": _number(present.min()),
                "max": _number(present.max()),
                "distribution": {"kll": {"buckets": buckets(present), "sketch": kll_sketch(present)}},
            },
        })
    return {"version": FORMAT_VERSION, "dataset": {"item_count": int(matrix.shape[0])}, "features": features}


def constraints_document(matrix, feature_names):
    features = []
    for name, column, present in _columns(matrix, feature_names):
        features.append({
            "name": name,
            "inferred_type": inferred_type(present),
            "completeness": _number(len(present) / len(column)),
            "num_constraints": {"is_non_negative": bool(present.min() >= 0)},
        })
    return {
        "version": FORMAT_VERSION,
        "features": features,
        "monitoring_config": {
            "evaluate_constraints": "Enabled",
            "emit_metrics": "Enabled",
            "datatype_check_threshold": DATATYPE_CHECK_THRESHOLD,
            "domain_content_threshold": DOMAIN_CONTENT_THRESHOLD,
            "distribution_constraints": {
                "perform_comparison": "Enabled",
                "comparison_threshold": COMPARISON_THRESHOLD,
                "comparison_method": "Robust",
            },
        },
    }
