// The Node side of tests/export/test_node.py: one process answers many cases.
// Each stdin line is a JSON case {module, op, bytes (base64) | text | json}; each stdout
// line is the answer {failure, status} | {value} | {threw}.  Values go back as JSON with
// non-finite numbers tagged, since JSON has no Infinity.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const modules = new Map();

async function load(path) {
  if (!modules.has(path)) modules.set(path, await import(pathToFileURL(path).href));
  return modules.get(path);
}

function input(request) {
  if (request.bytes !== undefined) return new Uint8Array(Buffer.from(request.bytes, "base64"));
  if (request.text !== undefined) return request.text;
  return JSON.parse(request.json);
}

function tagged(key, value) {
  return typeof value === "number" && !Number.isFinite(value) ? { $nonfinite: String(value) } : value;
}

async function answer(request) {
  const module = await load(request.module);
  let result;
  try {
    result = module[request.op](input(request));
  } catch (error) {
    return { threw: `${error.name}: ${error.message}` };
  }
  if (result instanceof module.IngestFailure) return { failure: JSON.stringify(result), status: result.status };
  if (request.op.startsWith("validate")) return { valid: result === null, raw: String(result) };
  return { value: JSON.stringify(result, tagged) };
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  process.stdout.write(JSON.stringify(await answer(JSON.parse(line))) + "\n");
}
