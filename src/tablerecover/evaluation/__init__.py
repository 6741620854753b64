"""Evaluation: scoring recovered reports against gold, and the evaluation report.

samples (finding the data) → systems (the model, rules and baselines, run on the samples) →
document (one output against its gold: compare, identities, metadata) → metrics and calibration
(pooled over documents, per flattening family) → markdown, html and plots (the reports).
Every metric is defined in docs/evaluation.md.
"""
