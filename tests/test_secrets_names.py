from tee_audit.secrets_names import looks_like_secret_name, looks_like_secret_value


def test_secret_names():
    for name in ("PRIVATE_KEY", "API_KEY", "HF_TOKEN", "DB_PASSWORD", "MNEMONIC", "SECRET_KEY_BASE", "SIGNING_KEY"):
        assert looks_like_secret_name(name), name


def test_names_that_are_not_secrets():
    for name in ("KEY_FILE", "NEXT_PUBLIC_API_KEY", "PUBLIC_KEY", "MAX_TOKENS", "TOKENIZERS_PARALLELISM",
                 "PASSWORD_MIN_LENGTH", "LOG_LEVEL", "JWT_SECRET_FILE"):
        assert not looks_like_secret_name(name), name


def test_secret_values():
    assert looks_like_secret_value("0x" + "ab" * 32)
    assert looks_like_secret_value("AKIAABCDEFGHIJKLMNOP")
    assert looks_like_secret_value("-----BEGIN EC PRIVATE KEY-----")
    assert not looks_like_secret_value("info")
    assert not looks_like_secret_value("sha256:" + "ab" * 32)
