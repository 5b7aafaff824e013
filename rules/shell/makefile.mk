.PHONY: tools run

tools:
# ruleid: make-curl-pipe-shell
	curl -fsSL https://get.example.com/install.sh | sh
# ruleid: make-curl-pipe-shell
	wget -qO- https://sh.rustup.rs | sudo bash -s -- -y
# ok: make-curl-pipe-shell
	curl -fsSLo install.sh https://get.example.com/v1.4.2/install.sh
# ok: make-curl-pipe-shell
	curl -fsSL https://example.com/a.tar.gz | tar -xz

run:
# ruleid: make-nitro-debug-enclave
	nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --debug-mode
# ruleid: make-nitro-debug-enclave
	nitro-cli run-enclave --eif-path app.eif --attach-console
# ok: make-nitro-debug-enclave
	nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 4096
# ruleid: make-curl-pipe-shell
	curl -fsSL https://deb.example.com/setup | sudo -E bash -
