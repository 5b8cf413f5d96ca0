# The one entry point. Target names are an interface other tools rely on:
# setup, build, test, demo, emulator, bench, soak.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WASM_PACK_CACHE := $(CURDIR)/.cache/wasm-pack

.PHONY: help setup build test demo emulator bench soak fmt lint

help:
	@echo "make demo      build, start the local CallingBox emulator and run the demo"
	@echo "make test      every suite (what CI runs)"
	@echo "make setup     install the tools (idempotent)"
	@echo "make build     wasm-pack both flavours and assemble pkg/ (+ build/*.tgz)"
	@echo "make emulator  ARGS='--port 4010' start the emulator in the foreground"
	@echo "make bench     the side-by-side benchmark"
	@echo "make soak      10 M mixed verifications: RSS and wasm memory every million (ARGS='--calls 1000000')"

setup:
	@bash .ci/setup.sh

build: setup
	@bash .ci/build.sh

test: build
	@bash .ci/test.sh

demo: build
	@node examples/demo.mjs

emulator:
	@node pkg-template/cli/index.js emulator $(ARGS)

bench: build
	@bash bench/run.sh

soak: build
	@node --expose-gc bench/soak.mjs $(ARGS)

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --workspace --target wasm32-unknown-unknown --no-default-features -- -D warnings
