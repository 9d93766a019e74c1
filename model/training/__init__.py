"""The parts of model/train.py: spec, data set, metrics and package files."""
