# The README's two commands: `make reports` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: reports test setup browser libreoffice clean

reports: setup
	$(BIN)/nyttonb render --out reports

test: setup browser libreoffice $(AXE)
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# Browser tests drive Debian's chromium (Playwright's own browser download is not used);
# the PDF test reads PDFs with poppler's pdftotext.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium poppler-utils; }

# The accessibility audit injects axe-core (MPL-2.0, unmodified, from the npm registry) into
# the pages; it is installed into the virtual environment, not committed.
$(AXE):
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm; }
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

# The Excel tests recalculate exported workbooks in LibreOffice headless (Debian's Calc without GUI).
libreoffice:
	@command -v soffice >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libreoffice-calc-nogui; }

clean:
	rm -rf $(VENV) reports/*/ reports/index.html
