#!/bin/sh
set -eu

# ruleid: shell-curl-pipe-shell
curl -fsSL https://get.example.com/install.sh | sh
# ruleid: shell-curl-pipe-shell
wget -qO- https://sh.rustup.rs | bash -s -- -y
# ruleid: shell-curl-pipe-shell
curl -sSf https://install.example.org | sudo bash
# ruleid: shell-curl-pipe-shell
bash <(curl -s https://example.com/setup.sh)
# ok: shell-curl-pipe-shell
curl -fsSLo install.sh https://get.example.com/v1.4.2/install.sh
# ok: shell-curl-pipe-shell
curl -fsSL https://example.com/archive.tar.gz | tar -xz

# ruleid: shell-nitro-debug-enclave
nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 4096 --debug-mode
# ruleid: shell-nitro-debug-enclave
nitro-cli run-enclave --eif-path app.eif --attach-console --cpu-count 2
# ok: shell-nitro-debug-enclave
nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 4096
# ok: shell-nitro-debug-enclave
nitro-cli describe-enclaves

# ruleid: shell-secret-echoed
echo "starting signer with key $PRIVATE_KEY"
# ruleid: shell-secret-echoed
echo $MNEMONIC
# ruleid: shell-secret-echoed
printf '%s\n' "${API_TOKEN}"
# ok: shell-secret-echoed
echo "starting signer with key ${PRIVATE_KEY:+set}"
# ok: shell-secret-echoed
echo "listening on $PORT"
# ok: shell-secret-echoed
echo "reading key from $PRIVATE_KEY_FILE"
# ok: shell-secret-echoed
echo "token path: ${API_TOKEN_PATH}"
# ruleid: shell-nitro-debug-enclave
nitro-cli run-enclave \
  --eif-path app.eif \
  --debug-mode
# ruleid: shell-nitro-debug-enclave
sudo nitro-cli run-enclave --eif-path app.eif --debug-mode
# ruleid: shell-curl-pipe-shell
curl -fsSL https://deb.example.com/setup | sudo -E bash -
