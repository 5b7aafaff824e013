use ed25519_dalek::SigningKey;
use rand::rngs::OsRng;
use secrecy::ExposeSecret;
use tracing::info;

fn start(config: &Config) {
    let signing_key = SigningKey::generate(&mut OsRng);
    let key_hex = hex::encode(signing_key.to_bytes());
    // ruleid: rust-secret-key-logged
    println!("node key: {}", key_hex);
    // todoruleid: rust-secret-key-logged
    println!("node key: {}", hex::encode(signing_key.to_bytes()));
    // ok: rust-secret-key-logged
    println!("node key: {}", hex::encode(signing_key.verifying_key().to_bytes()));
    // ruleid: rust-secret-key-logged
    eprintln!("{:?}", signing_key);

    let secret = k256::SecretKey::random(&mut OsRng);
    let bytes = secret.to_bytes();
    // ruleid: rust-secret-key-logged
    info!("secp256k1 key {:x}", bytes);
    // ok: rust-secret-key-logged
    info!("public key {:?}", secret.public_key());

    let token = config.api_token.expose_secret();
    // ruleid: rust-secret-key-logged
    log::debug!("using token {}", token);
    // ok: rust-secret-key-logged
    log::debug!("using endpoint {}", config.endpoint);

    let wallet = PrivateKeySigner::random();
    let wallet_key = wallet.credential().to_bytes();
    // ruleid: rust-secret-key-logged
    tracing::warn!("generated wallet {:?}", wallet_key);
    // todoruleid: rust-secret-key-logged
    tracing::warn!(key = ?wallet_key, "generated wallet");
    // ok: rust-secret-key-logged
    tracing::warn!(address = %wallet.address(), "generated wallet");
}
