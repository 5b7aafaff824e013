import https from "https";
import axios from "axios";
import { Agent } from "undici";

// ruleid: js-tls-verify-disabled-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
// ok: js-tls-verify-disabled-env
process.env.NODE_EXTRA_CA_CERTS = "/etc/ssl/internal-ca.pem";

// ruleid: js-tls-verify-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false });
// ok: js-tls-verify-disabled
const agent = new https.Agent({ ca: caPem, rejectUnauthorized: true });
// ruleid: js-tls-verify-disabled
const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
// ruleid: js-tls-verify-disabled
const socket = tls.connect(443, host, { checkServerIdentity: () => undefined });

async function main() {
  // ruleid: js-plain-http-remote
  const provider = new ethers.JsonRpcProvider("http://rpc.example.org:8545");
  // ok: js-plain-http-remote
  const secure = new ethers.JsonRpcProvider("https://rpc.example.org");
  // ok: js-plain-http-remote
  const local = new ethers.JsonRpcProvider("http://127.0.0.1:8545");
  // ok: js-plain-http-remote
  const sidecar = await fetch("http://signer:8080/sign");
  // ruleid: js-plain-http-remote
  const price = await fetch("http://api.prices.example.com/v1/eth");
  // ok: js-plain-http-remote
  const health = await fetch("http://localhost:3000/health");
  // ruleid: js-plain-http-remote
  const client = axios.create({ baseURL: "http://10.0.4.12:9000" });
  // ruleid: js-plain-http-remote
  const transport = http("http://mainnet.infura.io/v3/key");
}
