"""Library APIs tee-audit recognises as sources, sinks and sanitizers.

Every table is keyed by fully resolved dotted names (`pickle.loads`,
`logging.Logger.warning`), matched with shell-style wildcards, so an alias or
a `from ... import ... as ...` never changes the outcome. Receivers of method
calls are typed by the constructor or factory that made them (see
`FACTORY_TYPES`), which is how `log = logging.getLogger()` turns
`log.warning` into `logging.Logger.warning`.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

# Names that usually hold a secret, and words that make such a name mean
# something about the secret rather than the secret itself (`token_count`).
# A bare `token` is left out on purpose: parsers and lexers use it for lexical tokens.
_SECRET_WORDS = re.compile(
    r"(?i)(secret|private_?key|priv_?key|privkey|sealing_?key|signing_?key|api_?key|api_?token|"
    r"(access|auth|refresh|bearer|session|secret|bot|github|oauth|jwt|id)_?token|bearer|password|passwd|passphrase|"
    r"mnemonic|seed_?phrase|(^|_)seed($|_)|wallet_?key|(^|_)credentials?$|(^|_)sk$|(^|_)pk_hex$)"
)
_NOT_SECRET_WORDS = re.compile(
    r"(?i)(count|len|length|size|(^|_)num|hash|digest|(^|_)id($|_)|address|addr|public|(^|_)pub|path|file|"
    r"dir|name|url|uri|type|kind|expir|ttl|rotat|created|updated|_at$|timeout|max|min|limit|env_?var|"
    r"header|prefix|field|label|version|format|schema|enabled|required|provided|_set$|is_|has_|client|manager|"
    r"service|provider|source|backend|store|loader|factory|handler|_cls$|class)"
)


def is_secret_name(name: str) -> bool:
    """Tell whether an identifier or mapping key names a secret value."""
    bare = name.strip("_'\"")
    return bool(_SECRET_WORDS.search(bare)) and not _NOT_SECRET_WORDS.search(bare)


_IDENTITY_KEY_WORDS = re.compile(
    r"(?i)(private_?key|priv_?key|privkey|signing_?key|sealing_?key|secret_?key|wallet_?key|mnemonic|seed|"
    r"(^|_)sk$|keypair|key_?pair)"
)


def is_identity_key_name(name: str) -> bool:
    """Tell whether a name denotes key material that gives the enclave its identity.

    API keys, passwords and tokens for outside services are secrets too, but
    an operator provisioning them is normal, so only keys that sign, seal or
    hold funds count against the root of trust.
    """
    bare = name.strip("_'\"")
    return bool(_IDENTITY_KEY_WORDS.search(bare)) and not _NOT_SECRET_WORDS.search(bare)


_KEY_MATERIAL_WORDS = re.compile(r"(?i)(key|secret|seed|nonce|(^|_)iv($|_)|salt|token|password|mnemonic|private)")


def is_key_material_name(name: str) -> bool:
    """Tell whether a variable or function name denotes generated key material."""
    bare = name.strip("_")
    return bool(_KEY_MATERIAL_WORDS.search(bare)) and not _NOT_SECRET_WORDS.search(bare)


@lru_cache(maxsize=None)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in patterns))


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """Match a resolved dotted name against shell-style patterns."""
    return bool(name) and _compiled(patterns).match(name) is not None


# Types returned by constructors and factories whose methods matter. The
# type name prefixes the names of the returned object's methods.
FACTORY_TYPES: dict[str, str] = {
    "logging.getLogger": "logging.Logger",
    "logging.getLoggerClass": "logging.Logger",
    "structlog.get_logger": "logging.Logger",
    "structlog.getLogger": "logging.Logger",
    "loguru.logger.bind": "loguru.logger",
    "requests.session": "requests.Session",
    "builtins.open": "builtins.open",
    "io.open": "builtins.open",
    "codecs.open": "builtins.open",
    "gzip.open": "builtins.open",
    "pathlib.Path.open": "builtins.open",
    "eth_account.Account.create": "eth_account.LocalAccount",
    "eth_account.Account.from_key": "eth_account.LocalAccount",
    "eth_account.Account.from_mnemonic": "eth_account.LocalAccount",
    "boto3.client": "boto3.client",
    "boto3.session.Session.client": "boto3.client",
    "ssl.create_default_context": "ssl.SSLContext",
    "ssl._create_unverified_context": "ssl.SSLContext",
}

LOG_METHODS = ("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "success", "trace")

LOG_SINKS = (
    "builtins.print",
    "sys.stdout.write", "sys.stderr.write", "sys.stdout.writelines", "sys.stderr.writelines",
    "warnings.warn", "pprint.pprint", "pprint.pp",
) + tuple(f"logging.{method}" for method in LOG_METHODS) + tuple(
    f"logging.Logger.{method}" for method in LOG_METHODS
) + tuple(f"loguru.logger.{method}" for method in LOG_METHODS) + tuple(
    f"logging.LoggerAdapter.{method}" for method in LOG_METHODS
)

FILE_WRITE_SINKS = (
    "builtins.open.write", "builtins.open.writelines",
    "pathlib.Path.write_text", "pathlib.Path.write_bytes",
    "json.dump", "pickle.dump", "yaml.dump", "yaml.safe_dump", "toml.dump", "tomli_w.dump",
    "shutil.copyfileobj",
)

RESPONSE_SINKS = (
    "flask.jsonify", "flask.make_response", "flask.Response", "flask.wrappers.Response",
    "fastapi.responses.*Response", "starlette.responses.*Response", "fastapi.Response",
    "aiohttp.web.json_response", "aiohttp.web.Response", "aiohttp.web.StreamResponse",
    "django.http.*Response", "django.http.response.*Response",
    "rest_framework.response.Response", "werkzeug.wrappers.Response",
)

ROUTE_DECORATORS = ("route", "get", "post", "put", "delete", "patch", "websocket", "api_route", "head", "options")

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send")

OUTBOUND_CALLS = (
    tuple(f"requests.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"requests.Session.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"requests.sessions.Session.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.Client.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.AsyncClient.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"aiohttp.ClientSession.{verb}" for verb in _HTTP_VERBS)
    + ("urllib.request.urlopen", "urllib.request.Request", "urllib3.PoolManager.request",
       "aiohttp.request", "socket.socket.send", "socket.socket.sendall", "websockets.connect")
)

SUBPROCESS_CALLS = (
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
    "os.system", "os.popen", "os.exec*", "os.spawn*", "os.posix_spawn*",
    "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec",
    "commands.getoutput", "pexpect.spawn", "pexpect.run",
)
SHELL_CALLS = ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
               "asyncio.create_subprocess_shell", "commands.getoutput")

LLM_CALLS = (
    "openai.*.create", "openai.*.parse", "openai.*.stream", "anthropic.*.create", "anthropic.*.stream",
    "langchain*.invoke", "langchain*.ainvoke", "langchain*.predict", "langchain*.run",
    "langchain*.stream", "langchain*.batch", "langchain*.generate", "langchain*.__call__",
    "llama_index*.complete", "llama_index*.acomplete", "llama_index*.chat", "llama_index*.achat",
    "llama_index*.query", "llama_index*.aquery",
    "browser_use.Agent", "litellm.completion", "litellm.acompletion", "ollama.chat", "ollama.generate",
    "google.generativeai.GenerativeModel.generate_content", "mistralai.*.complete", "cohere.*.chat",
)

SECRET_SOURCES = (
    "os.urandom", "os.getrandom", "secrets.token_*", "secrets.randbits", "secrets.choice", "secrets.randbelow",
    "eth_account.Account.create", "eth_account.Account.from_key", "eth_account.Account.from_mnemonic",
    "eth_account.Account.create_with_mnemonic", "eth_account.Account.decrypt",
    "web3.*.account.create", "web3.*.account.from_key", "web3.*.account.decrypt",
    "eth_keys.keys.PrivateKey", "eth_keys.*.PrivateKey",
    "cryptography.hazmat.primitives.asymmetric.*.generate_private_key",
    "cryptography.hazmat.primitives.asymmetric.*.generate",
    "cryptography.hazmat.primitives.asymmetric.*.derive_private_key",
    "cryptography.hazmat.primitives.serialization.load_*_private_key",
    "cryptography.fernet.Fernet.generate_key", "cryptography.hazmat.primitives.ciphers.aead.*.generate_key",
    "ecdsa.SigningKey.generate", "ecdsa.SigningKey.from_*", "ecdsa.keys.SigningKey.generate",
    "coincurve.PrivateKey", "coincurve.PrivateKey.from_*", "coincurve.keys.PrivateKey",
    "nacl.signing.SigningKey", "nacl.signing.SigningKey.generate", "nacl.public.PrivateKey",
    "nacl.public.PrivateKey.generate", "nacl.utils.random",
    "mnemonic.Mnemonic.generate", "mnemonic.Mnemonic.to_seed", "mnemonic.Mnemonic.to_entropy",
    "hdwallet.*.private_key", "solders.keypair.Keypair", "solders.keypair.Keypair.from_*",
    "solana.keypair.Keypair", "solana.keypair.Keypair.from_*",
    "dstack_sdk.*.get_key", "dstack_sdk.*.derive_key", "dstack_sdk.*.get_tls_key",
    "boto3.client.decrypt", "boto3.client.generate_data_key", "boto3.client.generate_data_key*",
    "aws_nitro_enclaves.*.decrypt", "*.kms_decrypt", "*.nsm.decrypt",
    "Crypto.Random.get_random_bytes", "Cryptodome.Random.get_random_bytes",
    "Crypto.PublicKey.*.generate", "Cryptodome.PublicKey.*.generate",
    "pydantic.SecretStr.get_secret_value", "*.get_secret_value",
    "keyring.get_password", "getpass.getpass",
)

# Attribute names whose value is a secret whatever the object is.
SECRET_ATTRIBUTES = frozenset({
    "private_key", "privateKey", "privkey", "secret_key", "sealing_key", "signing_key", "mnemonic",
    "seed_phrase", "api_key", "api_token", "access_token", "auth_token", "password", "passphrase",
    "client_secret", "secret", "key_bytes", "private_bytes", "_private_key",
})
# Methods on any object that return key material.
SECRET_METHODS = frozenset({"private_bytes", "private_bytes_raw", "get_secret_value", "export_key", "exportKey",
                            "to_pem_private", "private_numbers", "derive_key"})

# Results that reveal nothing of a secret they were computed from.
SANITIZER_CALLS = (
    "hashlib.*", "hmac.*", "builtins.len", "builtins.bool", "builtins.type", "builtins.id",
    "builtins.isinstance", "builtins.hash", "builtins.callable", "builtins.range", "builtins.enumerate",
    "eth_utils.keccak", "eth_utils.to_checksum_address", "web3.Web3.keccak", "web3.Web3.to_checksum_address",
    "web3.Web3.solidity_keccak", "eth_hash.auto.keccak", "Crypto.Hash.*", "Cryptodome.Hash.*",
    "cryptography.hazmat.primitives.hashes.*", "eth_account.Account.recover_message",
    "eth_account.Account.recover_transaction", "nacl.hash.*", "blake3.*", "xxhash.*", "zlib.crc32",
    "pydantic.SecretStr", "pydantic.SecretBytes",
)
SANITIZER_METHODS = frozenset({
    "address", "public_key", "pubkey", "public_bytes", "verifying_key", "get_verifying_key",
    "verify_key", "to_checksum_address", "hexdigest", "digest", "keccak", "sign", "sign_message",
    "sign_transaction", "signHash", "sign_typed_data", "unsafe_sign_hash", "encrypt", "seal",
    "fingerprint", "__len__", "count", "keys", "startswith", "endswith", "isdigit", "isalnum",
})
# Attributes on a key object's path that make the result public (`key.public_key.format()`).
PUBLIC_ATTRIBUTES = frozenset({"address", "public_key", "pubkey", "verifying_key", "verify_key", "get_verifying_key"})
# Helper names that redact or hash a value; project helpers are matched on their last name.
_REDACTION_NAMES = re.compile(r"(?i)(redact|mask|obfuscat|censor|anonymi[sz]|scrub|fingerprint|sha\d*|hash|digest|checksum)")


def is_redaction_name(name: str) -> bool:
    return bool(_REDACTION_NAMES.search(name.rsplit(".", 1)[-1]))


_VERIFY_NAMES = re.compile(r"(?i)(^|_)(verify|verified|validate_sig|check_sig|authenticate|recover|ecrecover|attest)")


def is_verification_name(name: str) -> bool:
    """Tell whether a callee's last name says it checks a signature or attestation."""
    return bool(_VERIFY_NAMES.search(name.rsplit(".", 1)[-1]))


OUTSIDE_SOURCES = OUTBOUND_CALLS + (
    "socket.socket.recv", "socket.socket.recvfrom", "socket.socket.recv_into",
    "urllib.request.urlopen.read", "websockets.*.recv", "flask.request", "flask.request.*",
    "fastapi.Request.*", "starlette.requests.Request.*",
)
REQUEST_ATTRIBUTES = frozenset({"json", "get_json", "body", "text", "data", "args", "form", "values", "GET", "POST",
                                "query", "query_params", "path_params", "files", "content", "read", "post",
                                "match_info", "params", "cookies", "headers", "stream"})
REQUEST_NAMES = frozenset({"request", "req", "http_request"})

VALUE_MOVING_METHODS = frozenset({
    "sign_transaction", "send_transaction", "send_raw_transaction", "sendRawTransaction", "sendTransaction",
    "signTransaction", "sign_message", "transfer", "transferFrom", "transfer_from", "safeTransferFrom",
    "create_order", "create_market_order", "create_limit_order", "create_market_buy_order",
    "create_market_sell_order", "create_limit_buy_order", "create_limit_sell_order", "place_order",
    "market_order", "limit_order", "withdraw", "send_eth", "approve", "swap", "execute_swap",
})

WEAK_RANDOM_SOURCES = (
    "random.*", "numpy.random.*", "time.time", "time.time_ns", "time.monotonic", "time.perf_counter",
    "datetime.datetime.now", "datetime.datetime.utcnow", "uuid.uuid1",
)
STRONG_RANDOM = ("random.SystemRandom", "random.SystemRandom.*", "numpy.random.default_rng.*")

KEY_MATERIAL_SINKS = (
    "eth_account.Account.from_key", "eth_account.Account.privateKeyToAccount", "web3.*.account.from_key",
    "eth_keys.keys.PrivateKey", "eth_keys.*.PrivateKey", "coincurve.PrivateKey", "coincurve.PrivateKey.from_*",
    "ecdsa.SigningKey.from_string", "ecdsa.SigningKey.from_secret_exponent", "nacl.signing.SigningKey",
    "nacl.public.PrivateKey", "nacl.secret.SecretBox", "cryptography.fernet.Fernet",
    "cryptography.hazmat.primitives.asymmetric.*.from_private_bytes",
    "cryptography.hazmat.primitives.asymmetric.ec.derive_private_key",
    "cryptography.hazmat.primitives.ciphers.aead.*", "cryptography.hazmat.primitives.ciphers.Cipher",
    "cryptography.hazmat.primitives.ciphers.algorithms.*", "Crypto.Cipher.*.new", "Cryptodome.Cipher.*.new",
    "mnemonic.Mnemonic.to_mnemonic", "solders.keypair.Keypair.from_*", "bip_utils.*",
    "hmac.new",
)

WEAK_HASHES = (
    "hashlib.md5", "hashlib.sha1", "cryptography.hazmat.primitives.hashes.MD5",
    "cryptography.hazmat.primitives.hashes.SHA1", "Crypto.Hash.MD5.new", "Crypto.Hash.SHA1.new",
    "Cryptodome.Hash.MD5.new", "Cryptodome.Hash.SHA1.new", "Crypto.Hash.MD5", "Crypto.Hash.SHA1",
    "Cryptodome.Hash.MD5", "Cryptodome.Hash.SHA1",
)
SIGNATURE_METHODS = frozenset({"sign", "verify", "signer", "verifier", "ECDSA", "PSS", "PKCS1v15", "MGF1",
                               "sign_digest", "verify_digest", "sign_deterministic"})

CODE_EXEC_CALLS = ("builtins.eval", "builtins.exec", "builtins.compile")
DESERIALIZE_CALLS = (
    "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "cPickle.load*",
    "marshal.load", "marshal.loads", "dill.load", "dill.loads", "cloudpickle.load", "cloudpickle.loads",
    "joblib.load", "shelve.open", "jsonpickle.decode", "jsonpickle.loads", "pandas.read_pickle",
    "sklearn.externals.joblib.load",
)
YAML_LOADS = ("yaml.load", "yaml.load_all")
YAML_UNSAFE_CALLS = ("yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all")
YAML_SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
YAML_UNSAFE_LOADERS = frozenset({"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"})
IMPORT_CALLS = (
    "importlib.import_module", "builtins.__import__", "runpy.run_path", "runpy.run_module",
    "importlib.util.spec_from_file_location", "importlib.machinery.SourceFileLoader", "imp.load_source",
    "imp.load_module",
)
NATIVE_LOAD_CALLS = ("ctypes.CDLL", "ctypes.cdll.LoadLibrary", "ctypes.WinDLL", "ctypes.PyDLL", "ctypes.OleDLL",
                     "ctypes.windll.LoadLibrary", "cffi.FFI.dlopen")
LLM_CODE_TOOLS = (
    "langchain_experimental.tools.PythonREPLTool", "langchain_experimental.tools.PythonAstREPLTool",
    "langchain_experimental.tools.python.tool.*", "langchain_experimental.utilities.PythonREPL",
    "langchain.tools.PythonREPLTool", "langchain.tools.python.tool.*", "langchain.utilities.PythonREPL",
    "langchain_community.tools.ShellTool", "langchain_community.tools.shell.tool.ShellTool",
    "langchain.tools.ShellTool", "langchain_experimental.pal_chain.*", "langchain_experimental.agents.*",
    "langchain.agents.create_pandas_dataframe_agent", "langchain_experimental.agents.create_pandas_dataframe_agent",
    "llama_index.tools.code_interpreter.*", "llama_index.experimental.query_engine.PandasQueryEngine",
    "llama_index.experimental.PandasQueryEngine", "llama_index.core.query_engine.PandasQueryEngine",
    "autogen.coding.LocalCommandLineCodeExecutor", "smolagents.LocalPythonExecutor",
)
DANGEROUS_TOOL_NAMES = frozenset({"python_repl", "terminal", "shell", "python", "bash"})

REQUESTS_VERIFY_CALLS = (
    tuple(f"requests.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"requests.Session.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.Client.{verb}" for verb in _HTTP_VERBS)
    + tuple(f"httpx.AsyncClient.{verb}" for verb in _HTTP_VERBS)
    + ("httpx.Client", "httpx.AsyncClient", "httpx.HTTPTransport", "httpx.AsyncHTTPTransport",
       "aiohttp.ClientSession", "aiohttp.TCPConnector", "aiohttp.request", "urllib3.PoolManager",
       "websockets.connect", "web3.HTTPProvider", "web3.Web3.HTTPProvider", "web3.AsyncHTTPProvider")
    + tuple(f"aiohttp.ClientSession.{verb}" for verb in _HTTP_VERBS)
)
CLIENT_CONSTRUCTORS = (
    "web3.HTTPProvider", "web3.Web3.HTTPProvider", "web3.AsyncHTTPProvider", "web3.Web3.AsyncHTTPProvider",
    "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession", "openai.OpenAI", "openai.AsyncOpenAI",
    "anthropic.Anthropic", "xmlrpc.client.ServerProxy", "solana.rpc.api.Client", "solana.rpc.async_api.AsyncClient",
)
"""Clients that take the base URL of the service they will talk to."""
TLS_OFF_KEYWORDS = frozenset({"verify", "ssl", "verify_ssl", "ssl_verify", "check_hostname", "cert_reqs"})

ENV_READS = ("os.getenv", "os.environ.get", "os.environ.__getitem__", "os.environ.pop", "os.environ.setdefault",
             "environ.get", "decouple.config", "dotenv.get_key", "os.environb.get")
CLI_PARSERS = ("argparse.ArgumentParser.add_argument", "click.option", "click.argument", "typer.Option",
               "typer.Argument")
DEPRECATED_CRYPTO_MODULES = ("Crypto", "pyDes", "simplecrypt")
