package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	crand "crypto/rand"
	"math/rand"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
)

func weakKey() (*ecdsa.PrivateKey, error) {
	// ruleid: go-math-rand-key
	return ecdsa.GenerateKey(elliptic.P256(), rand.New(rand.NewSource(time.Now().UnixNano())))
}

func strongKey() (*ecdsa.PrivateKey, error) {
	// ok: go-math-rand-key
	return ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
}

func weakSeed() ed25519.PrivateKey {
	seed := make([]byte, 32)
	rand.Read(seed)
	// ruleid: go-math-rand-key
	return ed25519.NewKeyFromSeed(seed)
}

func strongSeed() ed25519.PrivateKey {
	seed := make([]byte, 32)
	crand.Read(seed)
	// ok: go-math-rand-key
	return ed25519.NewKeyFromSeed(seed)
}

func ethKey() {
	// ok: go-math-rand-key
	key, _ := crypto.GenerateKey()
	_ = key
}
