// Command terraform-provider-vb365 serves the VB365 provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	server, err := provider.NewServer(version)()
	if err != nil {
		log.Fatal(err.Error())
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err = tf6server.Serve("registry.terraform.io/terraform-vb365/vb365", func() tfprotov6.ProviderServer { return server }, opts...)
	// The server has shut down (Terraform ends the process at the end of every phase, also
	// a failed or interrupted one): stop the sessions Terraform did not close.
	if stopped, stopErr := provider.Shutdown(context.Background()); len(stopped) > 0 || stopErr != nil {
		log.Printf("[WARN] restore sessions of ephemeral vb365_restore_session left open by a failed or interrupted run: stopped %v; not stopped: %v",
			stopped, stopErr)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
