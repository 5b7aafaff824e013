package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
)

func run(ctx context.Context, url, archivePath, tool string) {
	// ruleid: go-command-with-data
	exec.Command("sh", "-c", "curl -s "+url+" | tar x").Run()
	// ok: go-command-with-data
	exec.Command("/usr/bin/tar", "-x", "-f", archivePath).Run()
	// ruleid: go-command-with-data
	exec.CommandContext(ctx, tool, "--version").Run()
	// ok: go-command-with-data
	exec.Command("sh", "-c", "echo ready").Run()
}

func load(name string) {
	// ruleid: go-plugin-open
	p, _ := plugin.Open(filepath.Join(os.Getenv("PLUGIN_DIR"), name+".so"))
	_ = p
}
