// Entry point of the Node.js build (`npm run build:node` → dist/nk.mjs): the same `nk` as cli/main.ts,
// for running nk under V8 (`node dist/nk.mjs bench` reports JavaScriptCore and V8 side by side).
import { main } from "./main.ts";

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
