# 书香政协: the commands a newcomer needs. `make serve` and `make test` set everything up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt 2>/dev/null | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Reproducible builds: dates come from git; without git history (a tarball) set SOURCE_DATE_EPOCH yourself.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: help serve build test clean check-browser check fix

help:
	@echo "make serve   在 http://127.0.0.1:8000 预览网站（首次运行会自动安装依赖）"
	@echo "make check   检查全部内容和数据（不生成网站），一次列出所有问题"
	@echo "make fix     自动改正能安全改正的排版问题，然后再检查"
	@echo "make build   检查后生成网站到 site/（严格模式，任何错误都会中止）"
	@echo "make test    运行全部测试（需要 chromium 浏览器）"
	@echo "make clean   删除 site/ 和 .venv/"

# The virtual environment, re-installed whenever requirements.txt changes.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
	  echo "需要 Python 3.10 或更高版本（找不到，或版本太旧）：请安装 python3 和 python3-venv，"; \
	  echo "例如 Debian/Ubuntu: sudo apt-get install python3 python3-venv；或用 PYTHON=/path/to/python3 make ..."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "创建 .venv 失败：请安装 python3-venv（Debian/Ubuntu: sudo apt-get install python3-venv）"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: check
	$(BIN)/mkdocs build --strict --clean

# The same check runs in `make test`, in CI and as a pre-commit hook (.pre-commit-config.yaml).
check: $(STAMP)
	@$(BIN)/python -m macros.check

fix: $(STAMP)
	@$(BIN)/python -m macros.check --fix

# Browser tests need Debian's chromium; say so plainly instead of failing deep inside a test.
check-browser:
	@test -x "$(CHROMIUM)" || { \
	  echo "缺少 chromium 浏览器（$(CHROMIUM)），浏览器测试（搜索、打印）需要它。"; \
	  echo "  Debian/Ubuntu: sudo apt-get install chromium"; \
	  echo "  已装在别处: make test CHROMIUM=/path/to/chromium"; exit 1; }

test: check check-browser
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
