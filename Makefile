.PHONY: install test model
install:
	python3 -m venv .venv && .venv/bin/pip install -e ".[test]"
test:
	.venv/bin/python -m pytest
model:
	.venv/bin/tablerecover train corpora/seeds --config training/default.toml --out src/tablerecover/models/default
