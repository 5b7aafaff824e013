"""C06 rules of the Python analyzer: code that enters after measurement."""

from tee_audit.model import Confidence, Severity
from tee_audit.registry import declare

_COMMON = dict(check="C06", language="python")

EVAL_OF_DATA = declare(
    id="eval-of-data",
    severity=Severity.HIGH,
    summary="eval, exec or compile runs a value that is not a literal.",
    rationale="Code built at run time is not covered by the measurement, so the attestation no longer says what runs.",
    remediation="Parse the data (json, ast.literal_eval) instead of executing it.",
    bad='import requests\nexpr = requests.get("https://api.example.com/rule").text\nresult = eval(expr)\n',
    good='import ast, requests\nexpr = requests.get("https://api.example.com/rule").text\nresult = ast.literal_eval(expr)\n',
    **_COMMON,
)

UNSAFE_DESERIALIZATION = declare(
    id="unsafe-deserialization",
    severity=Severity.HIGH,
    summary="pickle, marshal, dill, joblib, shelve, jsonpickle or torch.load(weights_only=False) loads data.",
    rationale="These formats run code while loading, so whoever supplies the bytes runs code in the enclave.",
    remediation="Use a data-only format (JSON, safetensors) or torch.load(weights_only=True).",
    bad='import pickle\ndef restore(blob: bytes):\n    return pickle.loads(blob)\n',
    good='import json\ndef restore(blob: bytes):\n    return json.loads(blob)\n',
    known_problems="torch.load without weights_only is not reported, because torch 2.6 and later default "
    "to weights_only=True.",
    **_COMMON,
)

UNSAFE_YAML_LOAD = declare(
    id="unsafe-yaml-load",
    severity=Severity.HIGH,
    summary="yaml.load runs with a loader that can build arbitrary Python objects.",
    rationale="The full and unsafe YAML loaders instantiate classes named in the document, which runs code.",
    remediation="Use yaml.safe_load or pass SafeLoader (or a subclass of it).",
    bad='import yaml\ndef parse(text: str):\n    return yaml.load(text, Loader=yaml.Loader)\n',
    good='import yaml\ndef parse(text: str):\n    return yaml.load(text, Loader=yaml.SafeLoader)\n',
    **_COMMON,
)

COMPUTED_IMPORT = declare(
    id="computed-import",
    severity=Severity.HIGH,
    summary="importlib, __import__ or runpy loads a module whose name or path is computed.",
    rationale="A computed module name lets data choose which code runs, including code added after measurement.",
    remediation="Map allowed names to modules imported statically.",
    bad='import importlib\ndef plugin(name: str):\n    return importlib.import_module(name)\n',
    good='import importlib\ndef plugin():\n    return importlib.import_module("json")\n',
    **_COMMON,
)

COMPUTED_NATIVE_LIBRARY = declare(
    id="computed-native-library-load",
    severity=Severity.HIGH,
    summary="ctypes loads a shared library from a computed path.",
    rationale="Native code loaded from a path chosen at run time is not part of the measured image.",
    remediation="Load a fixed library path that is part of the image.",
    bad='import ctypes\ndef load(path: str):\n    return ctypes.CDLL(path)\n',
    good='import ctypes\ndef load():\n    return ctypes.CDLL("libcrypto.so.3")\n',
    **_COMMON,
)

COMMAND_BUILT_FROM_DATA = declare(
    id="command-built-from-data",
    severity=Severity.HIGH,
    summary="A subprocess or os.system command contains values that are not literals.",
    rationale="Data that reaches a command line can run programs; with a shell it can run any command.",
    remediation="Pass a fixed argument list without a shell and validate every variable argument.",
    bad='import os\ndef archive(name: str):\n    os.system("tar czf backup.tgz " + name)\n',
    good='import subprocess\ndef archive():\n    subprocess.run(["tar", "czf", "backup.tgz", "data"], check=True)\n',
    **_COMMON,
)

RUNTIME_PACKAGE_INSTALL = declare(
    id="runtime-package-install",
    severity=Severity.HIGH,
    summary="The program runs pip install while it runs.",
    rationale="Packages installed at run time are not in the measured image, so the attestation does not cover them.",
    remediation="Install every dependency in the image build, pinned by hash.",
    bad='import subprocess, sys\nsubprocess.check_call([sys.executable, "-m", "pip", "install", "web3"])\n',
    good='import web3\n',
    **_COMMON,
)

REMOTE_CODE_TRUSTED = declare(
    id="remote-code-trusted",
    severity=Severity.HIGH,
    summary="A model is loaded with trust_remote_code=True.",
    rationale="The model repository's Python code is downloaded and run, outside the measurement.",
    remediation="Use models supported by the library itself, or vendor the code into the image.",
    bad='from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", trust_remote_code=True)\n',
    good='from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model")\n',
    **_COMMON,
)

LLM_CODE_EXECUTION_TOOL = declare(
    id="llm-code-execution-tool",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    summary="An LLM agent is given a tool that executes Python or shell code.",
    rationale="The model writes the code it runs, so prompt injection becomes code execution inside the enclave.",
    remediation="Give agents narrow tools with validated arguments instead of an interpreter or a shell.",
    bad='from langchain_experimental.tools import PythonREPLTool\ntools = [PythonREPLTool()]\n',
    good='from langchain_core.tools import tool\n@tool\ndef price(symbol: str) -> str:\n    """Look up a price."""\n    return symbol\ntools = [price]\n',
    **_COMMON,
)
