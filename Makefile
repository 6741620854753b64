CORPORA = corpora/seeds corpora/real corpora/synth-tools
.PHONY: install test model baseline
install:
	python3 -m venv .venv && .venv/bin/pip install -e ".[test]"
test:
	.venv/bin/python -m pytest
model:
	.venv/bin/tablerecover train $(CORPORA) --config training/default.toml --out src/tablerecover/models/default
baseline:
	.venv/bin/tablerecover train $(CORPORA) --config training/nocontext.toml --out src/tablerecover/models/baseline-nocontext
