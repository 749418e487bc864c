"""Golden renderings of the shared chat templates by Python Jinja2, configured the way transformers renders them.

transformers' apply_chat_template (src/transformers/utils/chat_template_utils.py, _compile_jinja_template) renders
with jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True) plus the loopcontrols
extension and a {% generation %} extension, a tojson filter that calls
json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys), and the globals
raise_exception(message) (raises TemplateError) and strftime_now(format) (datetime.now().strftime(format)).
This script sets up the same environment (written here from that description, not copied) so that the goldens say
what transformers would produce. The clock is pinned to "clock" in conversations.json.

Regenerate (from this folder; needs python3 with Jinja2 3.1.x, e.g. Debian's python3-jinja2):
    python3 generate_jinja2.py      # writes jinja2-python.json and jinja2-python-snippets.json
jinja2-python-snippets.json holds the renderings of snippets.json: small templates, one Jinja feature each.
See generate.mjs for the JavaScript reference and the inputs both scripts read.
"""
import datetime
import json
import os
import sys

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SHARPEN_SHARED_DIR") or os.path.join(HERE, "..", "..", "..", "..", "..", "shared")
TOKENIZERS = os.path.join(SHARED, "tokenizers")


class GenerationBlock(Extension):
    """{% generation %}...{% endgeneration %} marks assistant text for masks; rendering just emits the body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def load_templates():
    templates = {}
    folder = os.path.join(TOKENIZERS, "chat-templates")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".jinja"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                templates[f"chat-templates/{name}"] = f.read()
    for model in sorted(os.listdir(TOKENIZERS)):
        config = os.path.join(TOKENIZERS, model, "tokenizer_config.json")
        if not os.path.isfile(config):
            continue
        with open(config, encoding="utf-8") as f:
            template = json.load(f).get("chat_template")
        if isinstance(template, str):
            templates[f"{model}/tokenizer_config.json"] = template
        elif isinstance(template, list):
            for named in template:
                templates[f"{model}/tokenizer_config.json#{named['name']}"] = named["template"]
    return templates


def make_environment(clock):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return clock.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationBlock, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    with open(os.path.join(HERE, "conversations.json"), encoding="utf-8") as f:
        spec = json.load(f)
    clock = datetime.datetime.fromisoformat(spec["clock"])
    env = make_environment(clock)
    results = {}
    for template_id, source in load_templates().items():
        results[template_id] = {}
        try:
            template = env.from_string(source)
        except jinja2.exceptions.TemplateSyntaxError as err:
            results[template_id]["<parse>"] = {"error": str(err)}
            continue
        for conversation in spec["conversations"]:
            context = {"tools": None, "documents": None, **spec["tokens"]}
            context.update({k: v for k, v in conversation.items() if k not in ("name", "description")})
            try:
                results[template_id][conversation["name"]] = {"output": template.render(**context)}
            except Exception as err:  # every failure is a golden outcome: the C# engine must fail too
                results[template_id][conversation["name"]] = {"error": str(err), "errorType": type(err).__name__}
    golden = {
        "generator": "tests/Sharpen.Tokenization.Tests/Templates/golden/generate_jinja2.py",
        "engine": f"Jinja2 {jinja2.__version__} (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks)",
        "python": sys.version.split()[0],
        "clock": spec["clock"],
        "results": results,
    }
    write(os.path.join(HERE, "jinja2-python.json"), golden)
    print(f"wrote jinja2-python.json: {len(results)} templates x {len(spec['conversations'])} conversations")

    with open(os.path.join(HERE, "snippets.json"), encoding="utf-8") as f:
        snippets = json.load(f)["snippets"]
    snippet_results = {}
    for snippet in snippets:
        try:
            rendered = env.from_string(snippet["template"]).render(**snippet.get("context", {}))
            snippet_results[snippet["name"]] = {"output": rendered}
        except Exception as err:  # a failure is the expected outcome for the error snippets
            snippet_results[snippet["name"]] = {"error": str(err), "errorType": type(err).__name__}
    write(os.path.join(HERE, "jinja2-python-snippets.json"), {**{k: v for k, v in golden.items() if k != "results"}, "results": snippet_results})
    print(f"wrote jinja2-python-snippets.json: {len(snippet_results)} snippets")


def write(target, data):
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main()
