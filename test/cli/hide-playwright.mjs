// Loaded with `node --import` by test/cli/figures.test.ts: makes the package "playwright-core"
// unresolvable, as on an install without it (`npm ci --omit=optional`, or a failed optional
// install), with the error code Node gives a missing package.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "playwright-core" || specifier.startsWith("playwright-core/")) {
    const e = new Error("Cannot find package 'playwright-core' imported from " + context.parentURL);
    e.code = "ERR_MODULE_NOT_FOUND";
    throw e;
  }
  return next(specifier, context);
}
`),
);
