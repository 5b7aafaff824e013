package main

import (
	"crypto/tls"
	"net/http"
)

func clients(pool *x509.CertPool) {
	// ruleid: go-tls-verify-disabled
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	// ok: go-tls-verify-disabled
	secure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	cfg := tls.Config{}
	// ruleid: go-tls-verify-disabled
	cfg.InsecureSkipVerify = true
	// ok: go-tls-verify-disabled
	cfg.InsecureSkipVerify = false
	_, _ = insecure, secure
}
