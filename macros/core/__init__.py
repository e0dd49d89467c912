"""Shared basics: where things live, problems reported in Chinese, number formats."""
