async function pay(priceUrl: string, wallet: Wallet) {
  const quote = await (await fetch(priceUrl)).json();
  // ruleid: js-external-data-to-signer
  await wallet.sendTransaction({ to: quote.recipient, value: quote.amount });
}

async function payVerified(priceUrl: string, wallet: Wallet) {
  const quote = await (await fetch(priceUrl)).json();
  verifyQuoteSignature(quote, ORACLE_KEY);
  // ok: js-external-data-to-signer
  await wallet.sendTransaction({ to: quote.recipient, value: quote.amount });
}

async function agentTransfer(openai: OpenAI, client: WalletClient) {
  const completion = await openai.chat.completions.create({ model: "gpt-4o", messages });
  const args = JSON.parse(completion.choices[0].message.content);
  // ruleid: js-external-data-to-signer
  await client.writeContract({ address: TOKEN, abi, functionName: "transfer", args: [args.to, args.amount] });
}

async function fixedTransfer(client: WalletClient) {
  // ok: js-external-data-to-signer
  await client.writeContract({ address: TOKEN, abi, functionName: "transfer", args: [TREASURY, 100n] });
}

async function signReply(runtime, wallet) {
  const { text } = await generateText({ model, prompt });
  // ruleid: js-external-data-to-signer
  await wallet.signMessage(text);
}
