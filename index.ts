// Package entry (`main`/`types` → dist/index.js): the public API lives in lib/.
export * from "./lib";
