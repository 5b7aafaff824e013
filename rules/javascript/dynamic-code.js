const vm = require("vm");
const child_process = require("child_process");
const { execSync, execFileSync } = require("child_process");

// ruleid: js-eval-of-data
const handler = eval(config.handlerSource);
// ok: js-eval-of-data
const constant = eval("1 + 1");
// ruleid: js-eval-of-data
const fn = new Function("a", "b", body);
// ok: js-eval-of-data
const add = new Function("a", "b", "return a + b");
// ok: js-eval-of-data
setTimeout(onTick, 100);

// ruleid: js-vm-run-of-data
vm.runInNewContext(strategy.code, { price });
// ok: js-vm-run-of-data
vm.runInNewContext("price * 2", { price });
// ruleid: js-vm-run-of-data
const script = new vm.Script(source);

// ruleid: js-child-process-with-data
execSync(`git clone ${repoUrl}`);
// ok: js-child-process-with-data
execFileSync("/usr/bin/git", ["clone", "--", repoUrl]);
// ruleid: js-child-process-with-data
child_process.exec(command, (err) => {});
// ruleid: js-child-process-with-data
child_process.spawn("sh", ["-c", command]);
// ok: js-child-process-with-data
child_process.spawn("ls", ["-l", dir]);
// ok: js-child-process-with-data
/\d+/.exec(text);

async function loadPlugin() {
  // ruleid: js-computed-import
  const plugin = await import(process.env.PLUGIN_PATH);
  // ok: js-computed-import
  const twitter = await import("./plugins/twitter.js");
  // ruleid: js-computed-import
  const other = require(`./plugins/${name}`);
  // ok: js-computed-import
  const fs = require("fs");
}

async function run(pluginUrl, configUrl) {
  const response = await fetch(pluginUrl);
  const text = await response.text();
  // ruleid: js-fetched-code-executed, js-vm-run-of-data
  vm.runInThisContext(text);
  const settings = await fetch(configUrl);
  // ok: js-fetched-code-executed
  const config = JSON.parse(await settings.text());
  // ok: js-fetched-code-executed
  const charset = /charset=([^;]*)/i.exec(settings.headers.get("content-type"));
  const { data } = await axios.get(pluginUrl);
  // ruleid: js-fetched-code-executed, js-child-process-with-data
  child_process.execSync(data.install);
}

app.post("/run", (req, res) => {
  // ruleid: js-fetched-code-executed, js-eval-of-data
  res.send(String(eval(req.body.expression)));
});
