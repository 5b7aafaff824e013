use ed25519_dalek::SigningKey;
use rand::rngs::{OsRng, SmallRng, StdRng};
use rand::SeedableRng;

fn keys(now: u64) {
    let mut rng = StdRng::seed_from_u64(now);
    // ruleid: rust-weak-rng-key
    let signing_key = SigningKey::generate(&mut rng);
    // ok: rust-weak-rng-key
    let strong = SigningKey::generate(&mut OsRng);

    let mut small = SmallRng::from_entropy();
    // ruleid: rust-weak-rng-key
    let secret = k256::SecretKey::random(&mut small);
    // ok: rust-weak-rng-key
    let jitter: u32 = small.gen_range(0..100);
}
