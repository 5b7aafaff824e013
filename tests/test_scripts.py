from tee_audit.analyzers.scripts import download_executions, downloaded_files, file_executions, tls_disabling_commands


def details(text):
    return [hit.detail for hit in download_executions(text)]


def test_downloads_run_by_a_shell():
    assert details("curl -fsSL https://example.com/i.sh | sh") == ["curl output is piped to sh"]
    assert details("wget -qO- https://example.com/i | sudo -E bash -") == ["wget output is piped to bash"]
    assert details("curl -s https://example.com/i | tee /tmp/i | bash") == ["curl output is piped to bash"]
    assert details("curl -sSL https://install.python-poetry.org | python3 -") == ["curl output is piped to python3"]
    assert details("bash <(curl -s https://example.com/i)") == ["a download is run by a shell"]
    assert details('sh -c "$(curl -fsSL https://example.com/i)"') == ["a download is run by a shell"]


def test_downloads_read_as_data():
    assert details("curl -s https://example.com/x.tgz | tar xz") == []
    assert details("curl -s https://example.com/key | gpg --dearmor -o /k.gpg") == []
    assert details("curl -s https://example.com/x | sha256sum") == []
    assert details("curl -s https://example.com/a.json | python3 -c 'import json,sys; json.load(sys.stdin)'") == []
    assert details("curl -s https://example.com/a.json | python -m json.tool") == []
    assert details("curl -s https://example.com/a.json | node -e 'process.stdin'") == []


def test_downloaded_file_then_run():
    text = "wget -O install.sh https://example.com/i; chmod +x install.sh && ./install.sh"

    paths = {path for _, path in downloaded_files(text)}

    assert paths == {"install.sh"}
    assert [hit.detail for hit in file_executions(text, paths)] == ["the downloaded file install.sh is run"]


def test_stdout_download_is_not_a_file():
    assert downloaded_files("wget -O- https://example.com/i | bash") == []


def test_tls_disabling_commands():
    text = "export NODE_TLS_REJECT_UNAUTHORIZED=0\ncurl -k https://a\nwget --no-check-certificate https://b\n"

    assert [hit.code_key for hit in tls_disabling_commands(text)] == [
        "NODE_TLS_REJECT_UNAUTHORIZED=0",
        "curl -k",
        "wget --no-check-certificate",
    ]
