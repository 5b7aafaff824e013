"""Web frameworks started with their debuggers on."""
from flask import Flask
from werkzeug.serving import run_simple

app = Flask(__name__)
DEBUG = True  # ok: web-debug-mode-enabled


def main():
    app.config["DEBUG"] = True  # expect: web-debug-mode-enabled
    app.debug = True  # expect: web-debug-mode-enabled
    run_simple("0.0.0.0", 8000, app, use_debugger=True)  # expect: web-debug-mode-enabled
    run_simple("0.0.0.0", 8000, app, use_reloader=False)  # ok: web-debug-mode-enabled
    app.run(host="0.0.0.0", port=8000, debug=True)  # expect: web-debug-mode-enabled
    app.run(host="0.0.0.0", port=8000)  # ok: web-debug-mode-enabled
