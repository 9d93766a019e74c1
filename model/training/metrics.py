"""Held-out metrics of a binary classifier: discrimination (AUC), decisions at a threshold
(accuracy, precision, recall, confusion matrix) and calibration (Brier score, reliability table,
expected calibration error). Calibration matters here because the API turns probabilities into
risk bands: a band boundary of 0.7 should mean a 70 % chance of churn."""
import numpy as np

RELIABILITY_BINS = 10
DIGITS = 6


def area_under_roc(labels, scores):
    """Mann-Whitney AUC with average ranks for ties."""
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = np.asarray(scores)[order]
    ranks = np.empty(len(scores))
    start = 0
    while start < len(scores):
        end = start
        while end + 1 < len(scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    labels = np.asarray(labels)
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def brier_score(labels, probabilities):
    """Mean squared difference between probability and outcome: 0 is perfect, 0.25 is a coin toss."""
    return float(np.mean((np.asarray(probabilities, dtype=np.float64) - np.asarray(labels)) ** 2))


def reliability_table(labels, probabilities, bins=RELIABILITY_BINS):
    """Per equal-width probability bin: how many records, their mean probability and the share that
    were positive. A calibrated model has meanPredicted ≈ observedRate in every bin."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    labels = np.asarray(labels)
    index = np.minimum((probabilities * bins).astype(int), bins - 1)
    table = []
    for b in range(bins):
        members = index == b
        count = int(members.sum())
        table.append({
            "lower": round(b / bins, DIGITS),
            "upper": round((b + 1) / bins, DIGITS),
            "records": count,
            "meanPredicted": round(float(probabilities[members].mean()), DIGITS) if count else None,
            "observedRate": round(float(labels[members].mean()), DIGITS) if count else None,
        })
    return table


def expected_calibration_error(table, total):
    """The records-weighted mean |meanPredicted - observedRate| over the reliability table's bins."""
    return sum(row["records"] / total * abs(row["meanPredicted"] - row["observedRate"]) for row in table if row["records"])


def held_out_metrics(labels, probabilities, threshold):
    labels = np.asarray(labels)
    predicted = (np.asarray(probabilities) >= threshold).astype(int)
    confusion = {
        "truePositive": int(((predicted == 1) & (labels == 1)).sum()),
        "falsePositive": int(((predicted == 1) & (labels == 0)).sum()),
        "trueNegative": int(((predicted == 0) & (labels == 0)).sum()),
        "falseNegative": int(((predicted == 0) & (labels == 1)).sum()),
    }
    flagged = confusion["truePositive"] + confusion["falsePositive"]
    positives = confusion["truePositive"] + confusion["falseNegative"]
    table = reliability_table(labels, probabilities)
    return {
        "auc": round(area_under_roc(labels, probabilities), DIGITS),
        "accuracy": round(float((predicted == labels).mean()), DIGITS),
        "precision": round(confusion["truePositive"] / flagged, DIGITS) if flagged else None,
        "recall": round(confusion["truePositive"] / positives, DIGITS) if positives else None,
        "brierScore": round(brier_score(labels, probabilities), DIGITS),
        "expectedCalibrationError": round(expected_calibration_error(table, len(labels)), DIGITS),
        "decisionThreshold": threshold,
        "confusionMatrix": confusion,
        "reliability": table,
    }


# The API's default risk bands (contract/prediction-contract.ts DEFAULT_RISK_THRESHOLDS).
RISK_THRESHOLDS = {"medium": 0.3, "high": 0.7}


def score_distribution(probabilities, thresholds=RISK_THRESHOLDS):
    """The held-out answers as the API would give them: mean score and the share per risk band.
    Production alarms on the function's answers when they leave a band around these."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    high = probabilities >= thresholds["high"]
    medium = (probabilities >= thresholds["medium"]) & ~high
    return {
        "riskThresholds": dict(thresholds),
        "meanScore": round(float(probabilities.mean()), DIGITS),
        "riskBandShares": {
            "low": round(float((~high & ~medium).mean()), DIGITS),
            "medium": round(float(medium.mean()), DIGITS),
            "high": round(float(high.mean()), DIGITS),
        },
    }
