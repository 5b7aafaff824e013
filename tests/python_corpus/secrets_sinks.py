"""Secrets reaching files, HTTP responses, outbound requests, subprocesses and LLM prompts."""
import json
import os
import secrets
import subprocess
from pathlib import Path

import anthropic
import httpx
import requests
from aiohttp import web
from django.http import JsonResponse
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from flask import Flask, jsonify
from langchain_openai import ChatOpenAI
from openai import OpenAI

app = Flask(__name__)
api = FastAPI()
SERVICE_KEY = secrets.token_bytes(32)


def to_files(sealing_key: bytes):
    with open("/data/key.bin", "wb") as handle:
        handle.write(sealing_key)  # expect: secret-written-to-file
    with open("/data/meta.json", "w") as handle:
        handle.write(json.dumps({"created": True}))  # ok: secret-written-to-file
    Path("/data/key.hex").write_text(sealing_key.hex())  # expect: secret-written-to-file
    with open("/data/dump.json", "w") as handle:
        json.dump({"key": sealing_key.hex()}, handle)  # expect: secret-written-to-file


@app.route("/debug/key")
def flask_key():
    return jsonify(key=SERVICE_KEY.hex())  # expect: secret-in-http-response


@app.route("/health")
def flask_health():
    return jsonify(status="ok", key_len=len(SERVICE_KEY))  # ok: secret-in-http-response


@api.get("/key")
def fastapi_key():
    return {"key": SERVICE_KEY.hex()}  # expect: secret-in-http-response


@api.get("/pub")
def fastapi_pub():
    return JSONResponse({"fingerprint": fingerprint(SERVICE_KEY)})  # ok: secret-in-http-response


def fingerprint(value: bytes) -> str:
    import hashlib

    return hashlib.sha256(value).hexdigest()


async def aiohttp_handler(request):
    return web.json_response({"key": SERVICE_KEY.hex()})  # expect: secret-in-http-response


def django_view(request):
    return JsonResponse({"key": SERVICE_KEY.hex()})  # expect: secret-in-http-response


def outbound(api_token: str, mnemonic: str):
    requests.post("https://backup.example.com/store", json={"m": mnemonic})  # expect: secret-sent-over-network
    requests.get(f"https://api.example.com/?token={api_token}")  # expect: secret-sent-over-network
    httpx.post("https://api.example.com", headers={"Authorization": api_token})  # expect: secret-sent-over-network
    session = requests.Session()
    session.put("https://api.example.com/keys", data=mnemonic)  # expect: secret-sent-over-network
    requests.post("https://api.example.com/ping", json={"ok": True})  # ok: secret-sent-over-network


def run_tools(password: str):
    subprocess.run(["unlock-vault", "--password", password])  # expect: secret-passed-to-subprocess, command-built-from-data
    subprocess.run(["unlock-vault", "--stdin"], input=password.encode())  # ok: secret-passed-to-subprocess


def prompts(private_key: str, question: str):
    client = OpenAI()
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": f"sign with {private_key}"}])  # expect: secret-sent-to-llm
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])  # ok: secret-sent-to-llm
    claude = anthropic.Anthropic()
    claude.messages.create(model="claude", max_tokens=10, messages=[{"role": "user", "content": private_key}])  # expect: secret-sent-to-llm
    llm = ChatOpenAI()
    llm.invoke("wallet key is " + private_key)  # expect: secret-sent-to-llm
    llm.invoke(question)  # ok: secret-sent-to-llm


def env_secret_to_network():
    token = os.getenv("API_TOKEN")  # ok: key-from-environment
    requests.get("https://api.example.com", params={"t": token})  # expect: secret-sent-over-network
