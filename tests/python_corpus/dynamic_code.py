"""Code that enters after measurement: eval, deserialization, imports, commands, installs, agent tools."""
import ctypes
import importlib
import marshal
import os
import pickle
import runpy
import shelve
import subprocess
import sys
from pickle import loads as unpack

import cloudpickle
import dill
import joblib
import jsonpickle
import requests
import torch
import yaml as y
from flask import Flask, request
from langchain.agents import load_tools
from langchain_community.tools import ShellTool
from langchain_experimental.tools import PythonREPLTool
from langchain_experimental.utilities import PythonREPL
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer
from yaml import CSafeLoader as FastSafe
from yaml import load

app = Flask(__name__)
RULES_URL = "https://rules.example.com/current"


class TagLoader(y.SafeLoader):
    pass


class LooseLoader(y.FullLoader):
    pass


def evaluations(expression: str):
    eval(expression)  # expect: eval-of-data
    exec(compile(expression, "<rule>", "exec"))  # expect: eval-of-data
    eval("2 + 3")  # ok: eval-of-data
    constant = "1 + 1"
    eval(constant)  # ok: eval-of-data


def remote_rule():
    body = requests.get(RULES_URL).text
    return eval(body)  # expect: eval-of-data


@app.route("/calc", methods=["POST"])
def calc():
    formula = request.json["formula"]
    return str(eval(formula))  # expect: eval-of-data


def llm_code(question: str):
    reply = OpenAI().chat.completions.create(model="m", messages=[{"role": "user", "content": question}])
    code = reply.choices[0].message.content
    exec(code)  # expect: eval-of-data


def deserialization(blob: bytes, path: str, text: str, doc: str, chosen):
    pickle.loads(blob)  # expect: unsafe-deserialization
    unpack(blob)  # expect: unsafe-deserialization
    marshal.loads(blob)  # expect: unsafe-deserialization
    dill.loads(blob)  # expect: unsafe-deserialization
    cloudpickle.loads(blob)  # expect: unsafe-deserialization
    joblib.load(path)  # expect: unsafe-deserialization
    shelve.open(path)  # expect: unsafe-deserialization
    jsonpickle.decode(text)  # expect: unsafe-deserialization
    torch.load(path, weights_only=False)  # expect: unsafe-deserialization
    torch.load(path, weights_only=True)  # ok: unsafe-deserialization
    with open(path, "rb") as handle:
        pickle.load(handle)  # expect: unsafe-deserialization
    load(text, Loader=y.Loader)  # expect: unsafe-yaml-load
    y.load(doc, FastSafe)  # ok: unsafe-yaml-load
    y.load(doc, Loader=TagLoader)  # ok: unsafe-yaml-load
    y.load(doc, Loader=LooseLoader)  # expect: unsafe-yaml-load
    y.load(doc, Loader=chosen)  # expect: unsafe-yaml-load
    y.safe_load(doc)  # ok: unsafe-yaml-load
    y.unsafe_load(doc)  # expect: unsafe-yaml-load
    y.full_load(doc)  # expect: unsafe-yaml-load
    y.load("a: 1", Loader=y.Loader)  # ok: unsafe-yaml-load


def downloaded_pickle():
    blob = requests.get("https://models.example.com/model.pkl").content
    return pickle.loads(blob)  # expect: unsafe-deserialization


def imports(name: str, path: str):
    importlib.import_module(name)  # expect: computed-import
    importlib.import_module("json")  # ok: computed-import
    __import__(name)  # expect: computed-import
    __import__("os")  # ok: computed-import
    runpy.run_path(path)  # expect: computed-import
    plugin = f"plugins.{name}"
    importlib.import_module(plugin)  # expect: computed-import
    ctypes.CDLL(path)  # expect: computed-native-library-load
    ctypes.CDLL("libc.so.6")  # ok: computed-native-library-load
    ctypes.cdll.LoadLibrary(path)  # expect: computed-native-library-load
    ctypes.LibraryLoader(ctypes.CDLL)  # ok: computed-native-library-load


def commands(filename: str):
    os.system("tar czf backup.tgz " + filename)  # expect: command-built-from-data
    os.system("sync")  # ok: command-built-from-data
    subprocess.run(f"convert {filename} out.png", shell=True)  # expect: command-built-from-data
    subprocess.run(["convert", filename, "out.png"])  # expect: command-built-from-data
    subprocess.run(["ls", "-l"])  # ok: command-built-from-data
    subprocess.check_output("uname -a", shell=True)  # ok: command-built-from-data


@app.route("/ping")
def ping():
    host = request.args.get("host")
    return subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: command-built-from-data


def installs(package: str):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "web3==6.0.0"])  # expect: runtime-package-install
    os.system("pip install requests")  # expect: runtime-package-install
    subprocess.run(["pip", "list"])  # ok: runtime-package-install


def models():
    AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True)  # expect: remote-code-trusted
    AutoTokenizer.from_pretrained("org/model", trust_remote_code=False)  # ok: remote-code-trusted
    AutoTokenizer.from_pretrained("org/model")  # ok: remote-code-trusted


def agent_tools(llm):
    tools = [PythonREPLTool()]  # expect: llm-code-execution-tool
    shell = ShellTool()  # expect: llm-code-execution-tool
    repl = PythonREPL()  # expect: llm-code-execution-tool
    more = load_tools(["python_repl", "requests_all"], llm=llm)  # expect: llm-code-execution-tool
    safe = load_tools(["wikipedia"], llm=llm)  # ok: llm-code-execution-tool
    return tools, shell, repl, more, safe
