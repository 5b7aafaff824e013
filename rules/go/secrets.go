package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/ethereum/go-ethereum/crypto"
)

func logKeys() {
	key, _ := crypto.GenerateKey()
	// ruleid: go-private-key-logged
	log.Printf("signer key %s", hex.EncodeToString(crypto.FromECDSA(key)))
	// ok: go-private-key-logged
	log.Printf("signer address %s", crypto.PubkeyToAddress(key.PublicKey).Hex())
	// ruleid: go-private-key-logged
	fmt.Println("d =", key.D.Bytes())

	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	// ruleid: go-private-key-logged
	logger.Infof("node key %x", priv)
	// ok: go-private-key-logged
	logger.Infof("node public key %x", pub)
	seed := priv.Seed()
	// ruleid: go-private-key-logged
	fmt.Printf("seed %s\n", hex.EncodeToString(seed))
}

var signerKey, _ = crypto.GenerateKey()

func keyHandler(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-private-key-exposed
	w.Write(crypto.FromECDSA(signerKey))
}

func pubHandler(w http.ResponseWriter, r *http.Request) {
	// ok: go-private-key-exposed
	w.Write(crypto.FromECDSAPub(&signerKey.PublicKey))
}

func persist() {
	encoded := hex.EncodeToString(crypto.FromECDSA(signerKey))
	// ruleid: go-private-key-exposed
	os.WriteFile("/data/key.hex", []byte(encoded), 0o600)
	// ok: go-private-key-exposed
	os.WriteFile("/data/address", []byte(crypto.PubkeyToAddress(signerKey.PublicKey).Hex()), 0o644)
	// ruleid: go-private-key-exposed
	fmt.Fprintf(os.Stdout, "%x", signerKey.D.Bytes())
}
