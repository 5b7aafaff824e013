const crypto = require("crypto");
const { ethers } = require("ethers");

// ruleid: js-math-random-key
const privateKey = "0x" + [...Array(64)].map(() => Math.floor(Math.random() * 16).toString(16)).join("");
// ok: js-math-random-key
const goodKey = "0x" + crypto.randomBytes(32).toString("hex");
// ok: js-math-random-key
const jitterMs = Math.floor(Math.random() * 1000);

const bytes = new Uint8Array(32).map(() => Math.floor(Math.random() * 256));
// ruleid: js-math-random-key
const wallet = new ethers.Wallet(ethers.hexlify(bytes));
// ok: js-math-random-key
const other = new ethers.Wallet(ethers.hexlify(crypto.randomBytes(32)));
// ruleid: js-math-random-key
const session = { nonce: Math.random().toString(36).slice(2) };
