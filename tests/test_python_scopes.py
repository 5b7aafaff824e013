"""Name resolution and positions of the ast-based Python lowering.

Each case is a small module whose finding (or its absence) shows that a name
resolved to the right binding: Python's scoping rules decide whether
`log.info(key)` logs the secret.
"""

import ast

import pytest

from tee_audit.analyzers.python import analyze_summaries, summarize_file
from tee_audit.analyzers.python.resolve import BUILTIN, LOCAL, function_scope, lookup, module_scope


def _found(files: dict[str, str]) -> list[tuple[str, int, str]]:
    result = analyze_summaries([summarize_file(path, text) for path, text in files.items()])
    return sorted((finding.location.path, finding.location.line, finding.rule_id) for finding in result.findings)


def _one(text: str) -> list[tuple[int, str]]:
    return [(line, rule) for _, line, rule in _found({"app.py": text})]


def test_import_alias_resolves():
    assert _one("import logging as lg, os\nkey = os.urandom(8)\nlg.info(key)\n") == [(3, "secret-logged")]


def test_from_import_alias_resolves():
    text = "from os import urandom as fresh\nfrom logging import info as note\nnote(fresh(8))\n"
    assert _one(text) == [(3, "secret-logged")]


def test_dotted_import_binds_top_name():
    assert _one("import os.path\nimport logging\nlogging.info(os.urandom(4))\n") == [(3, "secret-logged")]


def test_local_shadows_imported_module():
    shadowed = "import pickle\ndef run(pickle, data):\n    return pickle.loads(data)\n"
    assert _one(shadowed) == []
    imported = "import pickle\ndef run(data):\n    return pickle.loads(data)\n"
    assert _one(imported) == [(3, "unsafe-deserialization")]


def test_global_statement_writes_module_name():
    text = ("import logging, os\nkey = b''\ndef load():\n    global key\n    key = os.urandom(8)\n"
            "def show():\n    logging.info(key)\n")
    assert _one(text) == [(7, "secret-logged")]


def _scope_of(text: str, *path: str):
    """Return the scope of the function reached through the named nested definitions."""
    tree = ast.parse(text)
    scope = module_scope(tree.body, find_walrus=True)
    body = tree.body
    for name in path:
        node = next(item for item in body if getattr(item, "name", None) == name)
        scope = function_scope(scope, node, find_walrus=True)
        body = node.body
    return scope


def test_nonlocal_resolves_to_enclosing_function():
    text = "def outer():\n    key = 1\n    def load():\n        nonlocal key\n        key = 2\n"
    assert lookup(_scope_of(text, "outer", "load"), "key") == ("outer.<locals>.key", LOCAL)


def test_global_resolves_to_module():
    text = "key = 1\ndef load():\n    global key\n    key = 2\n"
    assert lookup(_scope_of(text, "load"), "key") == ("key", LOCAL)


def test_name_bound_later_still_local():
    text = "import os\ndef run():\n    print(os)\n    os = None\n"
    assert lookup(_scope_of(text, "run"), "os") == ("run.<locals>.os", LOCAL)


def test_undefined_name_unresolved():
    assert lookup(_scope_of("x = 1\n"), "missing") is None
    assert lookup(_scope_of("x = 1\n"), "len") == ("builtins.len", BUILTIN)


def test_class_body_names_hidden_from_methods():
    text = ("import logging, os\nlog = logging.getLogger()\nclass Vault:\n    log = None\n"
            "    def show(self):\n        log.info(os.urandom(4))\n")
    assert _one(text) == [(6, "secret-logged")]


def test_comprehension_variable_stays_local():
    text = ("import logging, os\nkeys = [os.urandom(8) for _ in range(2)]\nnames = [k for k in keys]\n"
            "logging.info(names)\n")
    assert _one(text) == [(4, "secret-logged")]


def test_walrus_in_comprehension_binds_function():
    text = ("import logging, os\ndef run():\n    [last := os.urandom(8) for _ in range(2)]\n"
            "    logging.info(last)\n")
    assert _one(text) == [(4, "secret-logged")]


def test_loop_carries_value_backwards():
    text = ("import logging, os\ndef run():\n    shown = b''\n    for _ in range(2):\n        logging.info(shown)\n"
            "        shown = os.urandom(8)\n")
    assert _one(text) == [(5, "secret-logged")]


def test_while_loop_carries_value_backwards():
    text = ("import logging, os\ndef run():\n    shown = b''\n    while True:\n        logging.info(shown)\n"
            "        shown = os.urandom(8)\n")
    assert _one(text) == [(5, "secret-logged")]


def test_read_before_first_write_not_backwards():
    text = "import logging, os\ndef run():\n    logging.info(value)\n    value = os.urandom(8)\n"
    assert _one(text) == []


def test_straight_line_reassignment_not_backwards():
    text = "import logging, os\ndef run():\n    value = b''\n    logging.info(value)\n    value = os.urandom(8)\n"
    assert _one(text) == []


def test_except_name_carries_raised_secret():
    text = ("import logging, os\ndef run():\n    try:\n        raise ValueError(os.urandom(8))\n"
            "    except ValueError as error:\n        logging.info(error)\n")
    assert ("app.py", 6, "secret-logged") in _found({"app.py": text})


def test_relative_import_across_package():
    files = {
        "pkg/__init__.py": "",
        "pkg/keys.py": "import os\ndef fresh():\n    return os.urandom(32)\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/show.py": "import logging\nfrom ..keys import fresh\nlogging.info(fresh())\n",
    }
    assert _found(files) == [("pkg/sub/show.py", 3, "secret-logged")]


def test_call_chain_deeper_than_one_round():
    chain = "".join(f"def step{index}(value):\n    return step{index + 1}(value)\n" for index in range(12))
    text = f"import logging, os\n{chain}def step12(value):\n    logging.info(value)\nstep0(os.urandom(8))\n"
    assert _one(text) == [(27, "secret-logged")]


def test_form_feed_keeps_line_numbers():
    text = "import logging, os\n\x0c\nkey = os.urandom(8)\nlogging.info(key)\n"
    assert _one(text) == [(4, "secret-logged")]


@pytest.mark.parametrize("prefix", ["", "café = 'é'; "])
def test_columns_count_characters(prefix):
    text = f"import logging, os\n{prefix}logging.info(os.urandom(8))\n"
    [finding] = analyze_summaries([summarize_file("app.py", text)]).findings
    assert finding.location.column == len(prefix) + 1
    assert finding.location.end_column == len(prefix) + len("logging.info(os.urandom(8))") + 1


def test_match_capture_carries_subject():
    text = ("import logging, os\nmatch os.urandom(8):\n    case bytes() as key:\n        logging.info(key)\n"
            "match {'k': os.environ['API_KEY']}:\n    case {'k': token, **rest}:\n        print(token)\n"
            "    case [first, *others]:\n        print(others)\n")
    assert _one(text) == [(4, "secret-logged"), (7, "secret-logged"), (9, "secret-logged")]


def test_match_on_literal_captures_nothing():
    text = "import logging\nmatch 'plain':\n    case str() as word:\n        logging.info(word)\n"
    assert _one(text) == []


def test_source_in_other_file_named():
    files = {
        "app/__init__.py": "",
        "app/keys.py": "import os\n\ndef load_key():\n    return os.environ['API_KEY']\n",
        "app/main.py": "import logging as lg\nfrom .keys import load_key as lk\nlg.info('a %s', lk())\n",
    }
    result = analyze_summaries([summarize_file(path, text) for path, text in files.items()])
    [finding] = result.findings
    assert finding.location.path == "app/main.py"
    assert "(app/keys.py, line 4)" in finding.message


def test_source_in_same_file_by_line():
    [finding] = analyze_summaries([summarize_file("app.py", "import os\nkey = os.urandom(8)\nprint(key)\n")]).findings
    assert "(line 2)" in finding.message
