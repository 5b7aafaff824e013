import { ethers } from "ethers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { Keypair } from "@solana/web3.js";
import { generateKeyPairSync, randomBytes } from "crypto";
import * as fs from "fs";

const wallet = ethers.Wallet.createRandom();
// ruleid: js-private-key-logged
console.log("new signer", wallet.privateKey);
// ok: js-private-key-logged
console.log("new signer", wallet.address);
// ruleid: js-private-key-logged
console.info(`backup phrase: ${wallet.mnemonic.phrase}`);

const viemKey = generatePrivateKey();
const account = privateKeyToAccount(viemKey);
// ruleid: js-private-key-logged
logger.info({ key: viemKey });
// ok: js-private-key-logged
logger.info({ address: account.address });

const solana = Keypair.generate();
// ruleid: js-private-key-logged
elizaLogger.debug("solana secret", Buffer.from(solana.secretKey).toString("hex"));
// ok: js-private-key-logged
elizaLogger.debug("solana public", solana.publicKey.toBase58());

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
// ruleid: js-private-key-logged
this.logger.warn(privateKey.export({ type: "pkcs8", format: "pem" }));
// ok: js-private-key-logged
this.logger.warn(publicKey.export({ type: "spki", format: "pem" }));

const seed = randomBytes(32);
// ruleid: js-private-key-logged
console.error("seed", seed.toString("hex"));
const requestId = randomBytes(8);
// ok: js-private-key-logged
console.error("request", requestId.toString("hex"));

const envKey = process.env.AGENT_PRIVATE_KEY;
// ruleid: js-private-key-logged
console.log(`loaded ${envKey}`);
// ok: js-private-key-logged
console.log(`loaded ${process.env.AGENT_NAME}`);
// ok: js-private-key-logged
console.log(`reading key from ${process.env.AGENT_PRIVATE_KEY_PATH}`);

app.get("/key", (req, res) => {
  // ruleid: js-private-key-exposed
  res.json({ key: wallet.privateKey });
});
app.get("/address", (req, res) => {
  // ok: js-private-key-exposed
  res.json({ address: wallet.address });
});
app.get("/mnemonic", (req, res) => {
  // ruleid: js-private-key-exposed
  res.status(200).send(wallet.mnemonic.phrase);
});

// ruleid: js-private-key-exposed
fs.writeFileSync("/data/key.txt", viemKey);
// ok: js-private-key-exposed
fs.writeFileSync("/data/address.txt", account.address);

async function register() {
  // ruleid: js-private-key-exposed
  await fetch("https://registry.example.com/agents", { method: "POST", body: JSON.stringify({ key: solana.secretKey }) });
  // ok: js-private-key-exposed
  await fetch("https://registry.example.com/agents", { method: "POST", body: JSON.stringify({ key: solana.publicKey }) });
  // ruleid: js-private-key-exposed
  await axios.post("https://backup.example.com", { seed: seed.toString("hex") });
}
