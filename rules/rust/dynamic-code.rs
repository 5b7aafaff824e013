use std::process::Command;

fn run(url: &str, archive_path: &str, tool: &str) -> std::io::Result<()> {
    // ruleid: rust-command-with-data
    Command::new("sh").arg("-c").arg(format!("curl -s {} | sh", url)).status()?;
    // ok: rust-command-with-data
    Command::new("/usr/bin/tar").arg("-xf").arg(archive_path).status()?;
    // ruleid: rust-command-with-data
    std::process::Command::new(tool).arg("--version").status()?;
    // ok: rust-command-with-data
    Command::new("sh").arg("-c").arg("echo ready").status()?;
    Ok(())
}

fn load(plugin_path: &str) -> Result<(), libloading::Error> {
    // ruleid: rust-libloading
    let lib = unsafe { libloading::Library::new(plugin_path)? };
    Ok(())
}
