// Golden renderings of the shared chat templates by Hugging Face's own JavaScript Jinja engine.
//
// Reference engine: @huggingface/jinja 0.5.11 (pinned in package.json / package-lock.json), the port of the Jinja
// subset that transformers.js uses for apply_chat_template. Its Template class renders with trim_blocks and
// lstrip_blocks on, like transformers' Python environment.
//
// Regenerate (from this folder; needs Node 20 and the npm registry):
//   npm ci
//   node generate.mjs            # writes hf-jinja-js.json
//   python3 generate_jinja2.py   # writes jinja2-python.json (the Python reference, see that script)
// and commit both JSON files. The C# tests (ChatTemplateGoldenTests) read them; they never run Node or Python.
//
// Inputs: every *.jinja file in shared/tokenizers/chat-templates and the chat_template of every
// shared/tokenizers/*/tokenizer_config.json that has one, crossed with every conversation in conversations.json.
// The shared folder is ../../../../../shared from here, or $SHARPEN_SHARED_DIR.
//
// The clock: strftime_now must be deterministic, so `new Date()` without arguments is pinned to the local time in
// conversations.json ("clock") while rendering; the engine's own strftime_now then formats that instant.
import { readFileSync, readdirSync, existsSync, writeFileSync, renameSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "@huggingface/jinja";

const here = dirname(fileURLToPath(import.meta.url));
const engineVersion = JSON.parse(readFileSync(join(here, "node_modules", "@huggingface", "jinja", "package.json"), "utf8")).version;
const shared = process.env.SHARPEN_SHARED_DIR ?? join(here, "..", "..", "..", "..", "..", "shared");
const tokenizers = join(shared, "tokenizers");

/** Template id (path relative to shared/tokenizers) -> template source. */
export function loadTemplates() {
  const templates = new Map();
  const dir = join(tokenizers, "chat-templates");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jinja")).sort()) {
    templates.set(`chat-templates/${file}`, readFileSync(join(dir, file), "utf8"));
  }
  for (const model of readdirSync(tokenizers).sort()) {
    const config = join(tokenizers, model, "tokenizer_config.json");
    if (!existsSync(config)) continue;
    const template = JSON.parse(readFileSync(config, "utf8")).chat_template;
    if (typeof template === "string") {
      templates.set(`${model}/tokenizer_config.json`, template);
    } else if (Array.isArray(template)) {
      for (const named of template) templates.set(`${model}/tokenizer_config.json#${named.name}`, named.template);
    }
  }
  return templates;
}

const spec = JSON.parse(readFileSync(join(here, "conversations.json"), "utf8"));

// Pin the clock: only argument-less `new Date()` (what strftime_now uses) is affected.
const RealDate = Date;
const [datePart, timePart] = spec.clock.split("T");
const [y, mo, d] = datePart.split("-").map(Number);
const [h, mi, s] = timePart.split(":").map(Number);
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(y, mo - 1, d, h, mi, s);
    else super(...args);
  }
};

function contextOf(conversation) {
  // Mirrors transformers' apply_chat_template: tools and documents are always passed (null when absent),
  // special tokens and any extra keyword arguments sit beside them.
  const context = { tools: null, documents: null, ...spec.tokens };
  for (const [key, value] of Object.entries(conversation)) {
    if (key !== "name" && key !== "description") context[key] = value;
  }
  return context;
}

const results = {};
for (const [id, source] of loadTemplates()) {
  results[id] = {};
  let template;
  try {
    template = new Template(source);
  } catch (err) {
    results[id]["<parse>"] = { error: String(err.message ?? err) };
    continue;
  }
  for (const conversation of spec.conversations) {
    try {
      results[id][conversation.name] = { output: template.render(structuredClone(contextOf(conversation))) };
    } catch (err) {
      results[id][conversation.name] = { error: String(err.message ?? err) };
    }
  }
}

const golden = {
  generator: "tests/Sharpen.Tokenization.Tests/Templates/golden/generate.mjs",
  engine: `@huggingface/jinja ${engineVersion}`,
  node: process.version,
  clock: spec.clock,
  results,
};
const target = join(here, "hf-jinja-js.json");
writeFileSync(target + ".tmp", JSON.stringify(golden, null, 2) + "\n");
renameSync(target + ".tmp", target);
console.log(`wrote ${target}: ${Object.keys(results).length} templates x ${spec.conversations.length} conversations`);
