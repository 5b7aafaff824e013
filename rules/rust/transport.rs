use rustls::client::danger::{ServerCertVerified, ServerCertVerifier};

fn clients(internal_ca: reqwest::Certificate) -> reqwest::Result<()> {
    // ruleid: rust-tls-verify-disabled
    let insecure = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;
    // ok: rust-tls-verify-disabled
    let secure = reqwest::Client::builder().add_root_certificate(internal_ca).build()?;
    // ruleid: rust-tls-verify-disabled
    let connector = native_tls::TlsConnector::builder().danger_accept_invalid_hostnames(true).build();
    // ok: rust-tls-verify-disabled
    let strict = reqwest::Client::builder().danger_accept_invalid_certs(false).build()?;
    Ok(())
}

impl ServerCertVerifier for AcceptAll {
    // ruleid: rust-tls-verifier-accepts-all
    fn verify_server_cert(&self, _end: &CertificateDer<'_>, _inter: &[CertificateDer<'_>], _name: &ServerName<'_>, _ocsp: &[u8], _now: UnixTime) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }
}

impl ServerCertVerifier for AttestedVerifier {
    // ok: rust-tls-verifier-accepts-all
    fn verify_server_cert(&self, end: &CertificateDer<'_>, _inter: &[CertificateDer<'_>], _name: &ServerName<'_>, _ocsp: &[u8], _now: UnixTime) -> Result<ServerCertVerified, Error> {
        verify_attestation_extension(end, &self.expected_measurement)?;
        Ok(ServerCertVerified::assertion())
    }
}
