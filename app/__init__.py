"""Backprop Studio: the Qt application around bpengine."""
