"""The meaning of each call: source, sanitizer, sink, direct finding or project call.

Split from `lower.py` because calls carry nearly every rule. This module
reads the resolved callee name and the arguments and emits the operations
into the lowering's current function.
"""

from __future__ import annotations

import re

import ast

from tee_audit.analyzers.python import knowledge as kb
from tee_audit.analyzers.python.atoms import (
    CERTAIN_METHODS, EXCEPTION_NAME, KEYISH_PATH, PASSTHROUGH_PREFIXES, union, xform,
)
from tee_audit.analyzers.python.resolve import function_scope
from tee_audit.analyzers.python.ir import (
    LLM, OUTSIDE, PLAIN_HTTP_URL, SECRET, UNTRUSTED, WEAK_HASH, WEAK_RANDOM, FunctionIR, Label, Op,
)
from tee_audit.catalog import (
    python_crypto as crypto,
    python_dynamic_code as dynamic,
    python_enclave as enclave,
    python_external_data as external,
    python_root_of_trust as root,
    python_secrets as secrets_rules,
    python_transport as transport,
)
from tee_audit.model import Confidence, Severity

_SECRET_OPTION = re.compile(r"^-{1,2}")


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _keyword_constant(low, node: ast.Call, name: str):
    """Return the literal value of a keyword argument, or None when it is absent or not a literal."""
    value = _keyword(node, name)
    return None if value is None else low._constant(value)


def _positional(node: ast.Call) -> list[ast.expr]:
    """Return the positional arguments in order, unpacked `*args` and `**kwargs` included."""
    values = [argument.value if isinstance(argument, ast.Starred) else argument for argument in node.args]
    values.extend(keyword.value for keyword in node.keywords if keyword.arg is None)
    return values


def _unpacked(node: ast.Call) -> list[ast.expr]:
    """Return the values of `*args` and `**kwargs` arguments."""
    values = [argument.value for argument in node.args if isinstance(argument, ast.Starred)]
    values.extend(keyword.value for keyword in node.keywords if keyword.arg is None)
    return values


def _last_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return ""


def _receiver_text(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Attribute):
        return node.func.value.attr
    return ""


def lower_call(low, node: ast.Call) -> tuple:
    """Lower a call: emit the sinks and findings it carries and return what flows out of it."""
    name = low.names.dotted(node.func) or ""
    last = _last_name(node)
    line = node.lineno

    receiver = low.expr(node.func.value) if isinstance(node.func, ast.Attribute) else ()
    positional = [low.expr(value) for value in _positional(node)]
    keywords = tuple((keyword.arg, low.expr(keyword.value)) for keyword in node.keywords if keyword.arg is not None)
    starred = [low.expr(value) for value in _unpacked(node)]
    arguments = union(*positional, *[value for _, value in keywords], *starred)

    if last in _MUTATORS and isinstance(node.func, ast.Attribute) and arguments:
        target = low.names.var_key(node.func.value)
        if target is not None:
            low.emit(Op("assign", target=target, expr=union(receiver, arguments), strong=False))

    _check_direct(low, node, name, last)
    _emit_sinks(low, node, name, last, arguments, positional, keywords)

    # A signed transaction is neither the key nor fresh outside data: the finding is at the signing call.
    if last in kb.VALUE_MOVING_METHODS:
        return xform(union(receiver, arguments), drop=UNTRUSTED | {SECRET})
    if last in kb.SANITIZER_METHODS or any(part in kb.PUBLIC_ATTRIBUTES for part in name.split(".")[1:-1]):
        return xform(union(receiver, arguments), drop={SECRET})
    if kb.is_verification_name(last) or kb.is_verification_name(name):
        for value in _positional(node) + [keyword.value for keyword in node.keywords if keyword.arg]:
            for key in _verified_variables(low, value):
                low.emit(Op("clean", target=key, drop=UNTRUSTED))
        return xform(union(receiver, arguments), drop=UNTRUSTED)

    short = ".".join(name.split(".")[-2:]) if name else last
    tee_client = any(word in _receiver_text(node).lower() for word in ("dstack", "tappd", "kms"))
    if kb.matches(name, kb.SECRET_SOURCES) or (last in kb.SECRET_METHODS and not name.startswith(low.module)) or \
            (last == "get_key" and tee_client):
        return (("label", Label(SECRET, f"{short}()", line, path=low.path)),)
    if name.startswith(("os.getenv", "os.environ.get", "os.environ.pop", "os.environ.setdefault")) or \
            name in ("decouple.config", "environ.Env.str"):
        values = _positional(node)
        return low._environment_read(node, low._constant(values[0]) if values else None)
    if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and \
            low.names.dotted(node.func.value) == "os.environ":
        values = _positional(node)
        return low._environment_read(node, low._constant(values[0]) if values else None)
    if name in ("builtins.open", "io.open", "pathlib.Path", "pathlib.Path.open") or \
            (name.startswith("pathlib.Path") and last in ("read_text", "read_bytes")):
        source = _host_file_source(low, node, name, line)
        if source:
            return source
    if kb.matches(name, kb.WEAK_HASHES) or (name == "hashlib.new" and _first_literal_in(low, node, ("md5", "sha1"))):
        return (("label", Label(WEAK_HASH, f"{short}()", line, path=low.path)),)
    if kb.matches(name, kb.SANITIZER_CALLS) or (kb.is_redaction_name(last) and not name.startswith(("builtins.", "json."))):
        return xform(union(receiver, arguments), drop={SECRET})
    if kb.matches(name, kb.LLM_CALLS):
        return (("label", Label(LLM, f"the LLM response of {short}()", line, path=low.path)),)
    if kb.matches(name, kb.OUTSIDE_SOURCES):
        return (("label", Label(OUTSIDE, f"the response of {short}()", line, path=low.path)),)
    if kb.matches(name, kb.WEAK_RANDOM_SOURCES) and not kb.matches(name, kb.STRONG_RANDOM):
        return union((("label", Label(WEAK_RANDOM, f"{short}()", line, path=low.path)),), arguments)
    if _is_exception_class(low, name, last):
        low.sink(low.site(secrets_rules.SECRET_IN_EXCEPTION, SECRET, node, "an exception message"), arguments)
        return union(receiver, arguments)
    if name.startswith(PASSTHROUGH_PREFIXES) or (not name and last in CERTAIN_METHODS):
        return union(receiver, arguments)
    if name:
        call = ("call", name, tuple(positional), keywords, isinstance(node.func, ast.Attribute),
                union(receiver, arguments), last in CERTAIN_METHODS)
        if low.try_frames:
            low.try_frames[-1].append((("raises", name),))
        return (call,)
    return xform(union(receiver, arguments), certain=False)


_MUTATORS = frozenset({"append", "extend", "add", "update", "insert", "appendleft", "setdefault", "write"})


def _is_exception_class(low, name: str, last: str, seen: frozenset = frozenset()) -> bool:
    """Tell whether a callee is an exception class: by its name, or by a base class defined in this file."""
    if EXCEPTION_NAME.search(last) and (name.startswith("builtins.") or last[:1].isupper()):
        return True
    local = name[len(low.module) + 1:] if name.startswith(low.module + ".") else None
    if local is None or local in seen or local not in low.class_bases:
        return False
    return any(_is_exception_class(low, base, base.rsplit(".", 1)[-1], seen | {local})
               for base in low.class_bases[local])


def _first_literal_in(low, node: ast.Call, values: tuple[str, ...]) -> bool:
    positional = _positional(node)
    return bool(positional) and str(low._constant(positional[0])).lower() in values


def _host_file_source(low, node: ast.Call, name: str, line: int) -> tuple:
    """Return a secret label for a read of a key-like file path, reporting it as host-provided."""
    path_node = node.func.value if name.startswith("pathlib.Path.") and isinstance(node.func, ast.Attribute) else node
    if isinstance(path_node, ast.Call):
        values = _positional(path_node)
        path = low._constant(values[0]) if values else None
    else:
        path = None
    if not isinstance(path, str) or not KEYISH_PATH.search(path):
        return ()
    if name in ("builtins.open", "io.open"):
        mode_node = _keyword(node, "mode") or (_positional(node)[1] if len(_positional(node)) > 1 else None)
        mode = low._constant(mode_node) if mode_node is not None else "r"
        if not isinstance(mode, str) or any(flag in mode for flag in "wax+"):
            return ()
    if name == "pathlib.Path":
        return ()
    low.report(root.KEY_FROM_HOST_FILE, node, "A key is read from a file path outside the enclave's measurement.")
    return (("label", Label(SECRET, f"the file {path}", line, path=low.path)),)


def _emit_sinks(low, node: ast.Call, name: str, last: str, arguments: tuple, positional: list,
                keywords: tuple) -> None:
    """Emit the sink operations of a call, one per rule the call can break."""
    site = low.site
    log_heuristic = not name and last in kb.LOG_METHODS and "log" in _receiver_text(node).lower()
    if kb.matches(name, kb.LOG_SINKS) or log_heuristic:
        confidence = Confidence.MEDIUM if log_heuristic else Confidence.HIGH
        low.sink(site(secrets_rules.SECRET_LOGGED, SECRET, node, "a log call", confidence=confidence), arguments)
    if kb.matches(name, kb.FILE_WRITE_SINKS):
        low.sink(site(secrets_rules.SECRET_WRITTEN_TO_FILE, SECRET, node, "a file write"), arguments)
    if kb.matches(name, kb.RESPONSE_SINKS):
        low.sink(site(secrets_rules.SECRET_IN_HTTP_RESPONSE, SECRET, node, "an HTTP response"), arguments)
    if kb.matches(name, kb.OUTBOUND_CALLS):
        low.sink(site(secrets_rules.SECRET_SENT_OVER_NETWORK, SECRET, node, "an outbound request"), arguments)
    if kb.matches(name, kb.OUTBOUND_CALLS + kb.CLIENT_CONSTRUCTORS):
        target = _positional(node)[:1] + [value for value in (_keyword(node, "url"), _keyword(node, "base_url"),
                                                              _keyword(node, "endpoint_uri")) if value is not None]
        low.sink(site(transport.PLAIN_HTTP_TO_REMOTE_HOST, PLAIN_HTTP_URL, node, f"{name}()"),
                 union(*[low.expr(value) for value in target]))
    if kb.matches(name, kb.LLM_CALLS):
        low.sink(site(secrets_rules.SECRET_SENT_TO_LLM, SECRET, node, "an LLM prompt"), arguments)
    if kb.matches(name, kb.SUBPROCESS_CALLS):
        _subprocess(low, node, name, arguments)
    if kb.matches(name, kb.CODE_EXEC_CALLS) and positional:
        if not low.is_literal(_positional(node)[0]):
            low.sink(site(dynamic.EVAL_OF_DATA, "always", node, f"{last}()", Severity.HIGH), positional[0] or
                     (("label", Label("none", "")),))
    if kb.matches(name, kb.DESERIALIZE_CALLS) and _positional(node) and not low.is_literal(_positional(node)[0]):
        low.sink(site(dynamic.UNSAFE_DESERIALIZATION, "always", node, f"{name}()", Severity.HIGH), arguments)
    if name == "torch.load" and _keyword_constant(low, node, "weights_only") is False:
        low.sink(site(dynamic.UNSAFE_DESERIALIZATION, "always", node, "torch.load(weights_only=False)",
                      Severity.HIGH), arguments)
    if kb.matches(name, kb.YAML_LOADS + kb.YAML_UNSAFE_CALLS):
        _yaml(low, node, name, arguments)
    if kb.matches(name, kb.IMPORT_CALLS) and _positional(node) and not low.is_literal(_positional(node)[0]):
        low.sink(site(dynamic.COMPUTED_IMPORT, "always", node, f"{name}()", Severity.HIGH), arguments)
    if kb.matches(name, kb.NATIVE_LOAD_CALLS) and _positional(node) and not low.is_literal(_positional(node)[0]):
        low.sink(site(dynamic.COMPUTED_NATIVE_LIBRARY, "always", node, f"{name}()", Severity.HIGH), arguments)
    if last in kb.VALUE_MOVING_METHODS:
        low.sink(site(external.UNVERIFIED_DATA_SIGNED, "untrusted", node, f"{last}()"), arguments)
    if kb.matches(name, kb.KEY_MATERIAL_SINKS):
        low.sink(site(crypto.INSECURE_RANDOM_KEY, WEAK_RANDOM, node, f"{name}()"), arguments)
    if last in kb.SIGNATURE_METHODS:
        low.sink(site(crypto.WEAK_HASH_IN_SIGNATURE, WEAK_HASH, node, f"{last}()"), arguments)


def _subprocess(low, node: ast.Call, name: str, arguments: tuple) -> None:
    command = _positional(node)[:1] or [v for v in (_keyword(node, "args"),) if v is not None]
    if command:
        low.sink(low.site(secrets_rules.SECRET_PASSED_TO_SUBPROCESS, SECRET, node, "a subprocess command line"),
                 low.expr(command[0]))
    words = _string_words(low, command[0]) if command else []
    if "pip" in " ".join(words) and "install" in words:
        low.report(dynamic.RUNTIME_PACKAGE_INSTALL, node, "pip install runs while the program runs.")
    if not command or low.is_literal(command[0]):
        return
    shell = kb.matches(name, kb.SHELL_CALLS) or _keyword_constant(low, node, "shell") is True
    severity = Severity.HIGH if shell else Severity.MEDIUM
    what = f"{name}() with a shell" if shell else f"{name}()"
    low.sink(low.site(dynamic.COMMAND_BUILT_FROM_DATA, "always", node, what, severity), low.expr(command[0]) or
             arguments)


def _string_words(low, node: ast.AST) -> list[str]:
    text = low._constant(node)
    if isinstance(text, str):
        return text.split()
    if isinstance(node, (ast.List, ast.Tuple)):
        words = []
        for element in node.elts:
            value = low._constant(element)
            if isinstance(value, str):
                words.extend(value.split())
        return words
    return []


def _yaml(low, node: ast.Call, name: str, arguments: tuple) -> None:
    positional = _positional(node)
    if not positional or low.is_literal(positional[0]):
        return
    if kb.matches(name, kb.YAML_UNSAFE_CALLS):
        verdict = False
    else:
        loader = _keyword(node, "Loader") or (positional[1] if len(positional) > 1 else None)
        verdict = False if loader is None else low.loader_is_safe(loader)
    if verdict is True:
        return
    confidence = Confidence.HIGH if verdict is False else Confidence.LOW
    low.sink(low.site(dynamic.UNSAFE_YAML_LOAD, "always", node, f"{name}()", Severity.HIGH, confidence), arguments)


def _check_direct(low, node: ast.Call, name: str, last: str) -> None:
    """Report what a call does wrong on its own, with no data flow needed."""
    trusted = _keyword(node, "trust_remote_code")
    if trusted is not None and low._constant(trusted) is True:
        low.report(dynamic.REMOTE_CODE_TRUSTED, node, "The model's own Python code is downloaded and run.")
    if kb.matches(name, kb.LLM_CODE_TOOLS):
        low.report(dynamic.LLM_CODE_EXECUTION_TOOL, node, f"{name.rsplit('.', 1)[-1]} lets the model run code.")

    if name.endswith("load_tools") and name.startswith("langchain"):
        words = _string_words(low, _positional(node)[0]) if _positional(node) else []
        if kb.DANGEROUS_TOOL_NAMES.intersection(words):
            low.report(dynamic.LLM_CODE_EXECUTION_TOOL, node, "load_tools gives the agent a code or shell tool.")
    if name in ("pip.main", "pip._internal.main", "pip._internal.cli.main.main"):
        low.report(dynamic.RUNTIME_PACKAGE_INSTALL, node, "pip runs while the program runs.")

    if kb.matches(name, kb.REQUESTS_VERIFY_CALLS) or _tls_keyword_off(low, node, "verify_ssl"):
        _tls(low, node, name)
    _cert_none_keyword(low, node)
    if name == "ssl._create_unverified_context":
        low.report(transport.TLS_VERIFICATION_DISABLED, node,
                   "ssl._create_unverified_context makes a context that verifies no certificate.")

    if last == "run" and (name.startswith("flask") or _receiver_text(node) == "app") and \
            _keyword_constant(low, node, "debug") is True:
        low.report(enclave.WEB_DEBUG_MODE, node, "The web application runs with debug=True.")
    if name in ("werkzeug.run_simple", "werkzeug.serving.run_simple") and \
            _keyword_constant(low, node, "use_debugger") is True:
        low.report(enclave.WEB_DEBUG_MODE, node, "run_simple starts the Werkzeug debugger.")
    if name == "cryptography.hazmat.primitives.ciphers.modes.ECB":
        low.report(crypto.ECB_MODE, node, "The cipher runs in ECB mode.")

    if kb.matches(name, kb.CLI_PARSERS):
        for value in _positional(node):
            option = low._constant(value)
            if isinstance(option, str) and kb.is_identity_key_name(_SECRET_OPTION.sub("", option).replace("-", "_")):
                low.report(root.KEY_FROM_CLI_ARGUMENT, node, f"The secret {option} is taken from the command line.")
                break


def _tls_keyword_off(low, node: ast.Call, keyword: str) -> bool:
    return _keyword_constant(low, node, keyword) is False


def _cert_none_keyword(low, node: ast.Call) -> None:
    for keyword in ("cert_reqs", "verify_mode"):
        value = _keyword(node, keyword)
        if value is not None and (low.names.dotted(value) == "ssl.CERT_NONE" or low._constant(value) == "CERT_NONE"):
            low.report(transport.TLS_VERIFICATION_DISABLED, value, f"{keyword}=ssl.CERT_NONE turns certificate "
                       "verification off.")


def _tls(low, node: ast.Call, name: str) -> None:
    for keyword in ("verify", "ssl", "verify_ssl"):
        value = _keyword(node, keyword)
        if value is None:
            continue
        constant = low._constant(value)
        if constant is False:
            low.report(transport.TLS_VERIFICATION_DISABLED, value,
                       f"{keyword}=False turns certificate verification off.")
        elif keyword == "ssl" and low.names.dotted(value) == "ssl._create_unverified_context":
            low.report(transport.TLS_VERIFICATION_DISABLED, value, "The connection uses an unverified SSL context.")


def check_import(low, node) -> None:
    """Record imports of deprecated crypto packages; the project pass decides if they count."""
    if isinstance(node, ast.ImportFrom):
        if node.level or node.module is None:
            return
        modules = [node.module]
    else:
        modules = [alias.name for alias in node.names]
    for module in modules:
        top = module.split(".")[0]
        if top in kb.DEPRECATED_CRYPTO_MODULES and \
                not any(site.what.split(".")[0] == top for site in low.summary.deprecated_crypto_imports):
            low.summary.deprecated_crypto_imports.append(
                low.site(crypto.DEPRECATED_CRYPTO_LIBRARY, "import", node, module))
            return


def enter_function(low, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    """Start a new function: its key, scope, parameters, and whether it is a web handler.

    Decorators are lowered in the enclosing scope, before the function's own
    scope opens; parameter annotations are resolved inside it.
    """
    names = low.names
    for decorator in node.decorator_list:
        value = low.expr(decorator)
        if value:
            low.emit(Op("eval", expr=value))

    inside_function = len(low.functions) > 1
    prefix = ".".join(names.class_stack[-1:]) if names.class_stack and not inside_function else ""
    parent = low.current.key.rsplit(".<module>", 1)[0] if not inside_function else low.current.key
    key = ".".join(part for part in (parent, prefix, node.name) if part)
    arguments = node.args
    params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    is_method = bool(names.class_stack) and not inside_function and \
        not any(isinstance(decorator, ast.Name) and decorator.id == "staticmethod" for decorator in node.decorator_list)
    handler = _is_handler(low, node, params)
    names.scope = function_scope(names.scope, node, low.find_walrus)

    function = FunctionIR(key=key, params=tuple(param.arg for param in params), is_method=is_method)
    secret_params, outside_params = [], []
    for index, param in enumerate(params):
        annotation = names.dotted(param.annotation) if param.annotation is not None else ""
        if param.annotation is not None:
            names.remember_annotation(names.name_key(param.arg), param.annotation)
        is_secret_type = bool(annotation) and annotation.endswith(("SecretStr", "SecretBytes"))
        if kb.is_secret_name(param.arg) and not is_secret_type:
            secret_params.append(index)
        if handler and not (is_method and index == 0):
            outside_params.append(index)
    function.secret_params = tuple(secret_params)
    function.outside_params = tuple(outside_params)

    low.summary.functions.append(function)
    low.functions.append(function)
    low.function_names.append(node.name)
    low.handler_stack.append(handler)
    low.depth.append(0)
    names.in_method = is_method or (names.in_method and inside_function)


def _is_handler(low, node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[ast.arg]) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in kb.ROUTE_DECORATORS:
            receiver = low.names.dotted(target.value) or ""
            if not receiver.startswith(("requests", "httpx", "aiohttp.ClientSession")):
                return True
    in_views = low.path.rsplit("/", 1)[-1] in ("views.py", "handlers.py")
    return in_views and bool(params) and params[0].arg == "request"



def _verified_variables(low, value: ast.AST) -> list:
    """Variables a verification call vouches for: those passed directly, and
    those passed through calls that wrap them, as in
    `verify(encode_defunct(text=payload), signature)`. A subscript's base is
    not included, because checking `quote["signature"]` proves nothing about
    the rest of `quote`."""
    if isinstance(value, (ast.Name, ast.Attribute)):
        key = low.names.var_key(value)
        return [key] if key is not None else []
    if isinstance(value, ast.Call):
        found = []
        for argument in _positional(value) + [keyword.value for keyword in value.keywords if keyword.arg]:
            found.extend(_verified_variables(low, argument))
        return found
    return []
