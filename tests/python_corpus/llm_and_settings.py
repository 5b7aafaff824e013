"""LLM clients beyond OpenAI, and pydantic SecretStr settings."""
import logging

from browser_use import Agent
from llama_index.llms.openai import OpenAI as LlamaOpenAI
from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings

log = logging.getLogger(__name__)


class Settings(BaseSettings):
    api_key: SecretStr
    db_password: SecretStr
    service_name: str = "oracle"


class Wallet(BaseModel):
    private_key: str
    label: str


def show(settings: Settings, wallet: Wallet, token: SecretStr):
    log.info("settings %s", settings.api_key)  # ok: secret-logged
    log.info("token %s", token)  # ok: secret-logged
    log.info("db %s", settings.db_password.get_secret_value())  # expect: secret-logged
    log.info("service %s", settings.service_name)  # ok: secret-logged
    log.info("wallet key %s", wallet.private_key)  # expect: secret-logged
    log.info("wallet label %s", wallet.label)  # ok: secret-logged


def agents(private_key: str, task: str):
    llm = LlamaOpenAI(model="gpt-4o")
    llm.complete(f"use key {private_key}")  # expect: secret-sent-to-llm
    llm.complete(task)  # ok: secret-sent-to-llm
    Agent(task=f"log in with {private_key}", llm=llm)  # expect: secret-sent-to-llm
    Agent(task=task, llm=llm)  # ok: secret-sent-to-llm
